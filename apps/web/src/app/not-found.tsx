import { LinkButton } from '@/components/shared/link-button';
import { EmptyState } from '@/components/shared/states';

export default function NotFound() {
  return (
    <EmptyState
      title="This page does not exist"
      description="The address may be mistyped, or the item was deleted."
      action={<LinkButton href="/">Back to the dashboard</LinkButton>}
    />
  );
}
