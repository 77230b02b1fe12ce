import { Skeleton } from '@/components/ui/skeleton';

/** The first paint of a page whose content needs the URL's query string (client-only). */
export function PageSkeleton() {
  return (
    <div className="grid grid-cols-1 gap-6" data-testid="page-skeleton">
      <span className="sr-only">Loading…</span>
      <div className="flex flex-col gap-2">
        <Skeleton className="h-8 w-48" />
        <Skeleton className="h-4 w-80 max-w-full" />
      </div>
      <div className="grid grid-cols-1 gap-3 min-[420px]:grid-cols-2 xl:grid-cols-4">
        {['a', 'b', 'c', 'd'].map((k) => (
          <Skeleton key={k} className="h-24" />
        ))}
      </div>
      <Skeleton className="h-72" />
    </div>
  );
}
