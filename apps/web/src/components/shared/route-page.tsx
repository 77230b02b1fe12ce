import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { type ComponentType, type ReactNode, Suspense } from 'react';
import { PageSkeleton } from './page-skeleton';

/**
 * A page whose view reads the URL's query string. Next renders such a view only on the client,
 * so it needs a Suspense boundary above it; the fallback is the page's first paint.
 *
 * @example export default suspendedPage(RunsView);
 */
export function suspendedPage(View: ComponentType, fallback: ReactNode = <PageSkeleton />) {
  return function SuspendedPage() {
    return (
      <Suspense fallback={fallback}>
        <View />
      </Suspense>
    );
  };
}

/** Ids the API issues: positive, at most ten digits; anything else is a 404 before a fetch. */
const RECORD_ID = /^[1-9]\d{0,9}$/;

type RecordParams = { params: Promise<{ id: string }> };

/**
 * A page for one record at `/<things>/[id]`: titled "<noun> #id", a 404 for an id the API
 * could not have issued, and otherwise the view given the numeric id.
 *
 * @example
 * const page = recordPage('Run', RunDetailView);
 * export const generateMetadata = page.generateMetadata;
 * export default page.Page;
 */
export function recordPage(noun: string, View: ComponentType<{ id: number }>) {
  return {
    async generateMetadata({ params }: RecordParams): Promise<Metadata> {
      const { id } = await params;
      return { title: `${noun} #${id}` };
    },
    async Page({ params }: RecordParams) {
      const { id } = await params;
      if (!RECORD_ID.test(id)) notFound();
      return <View id={Number(id)} />;
    },
  };
}
