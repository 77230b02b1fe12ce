import Link from 'next/link';
import { EmptyState } from '@/components/shared/states';
import { Button } from '@/components/ui/button';

export default function NotFound() {
  return (
    <EmptyState
      title="This page does not exist"
      description="The address may be mistyped, or the item was deleted."
      action={
        <Button asChild>
          <Link href="/">Back to the dashboard</Link>
        </Button>
      }
    />
  );
}
