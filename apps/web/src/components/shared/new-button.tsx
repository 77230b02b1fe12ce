import { PlusIcon } from 'lucide-react';
import type { ComponentProps } from 'react';
import { Button } from '@/components/ui/button';

/**
 * A list page's "+ New …" button, in its header and again in its empty state.
 *
 * @example
 * <NewButton onClick={dialogs.openCreate} data-testid="new-automation">New automation</NewButton>
 */
export function NewButton({ children, ...props }: ComponentProps<typeof Button>) {
  return (
    <Button {...props}>
      <PlusIcon />
      {children}
    </Button>
  );
}
