import Link from 'next/link';
import type { ComponentProps } from 'react';
import { Button } from '@/components/ui/button';

/**
 * A link to another page that looks like a button (the way out of an empty or missing page, a
 * card's "open all" link). Styling props go to the button, the rest to the link.
 *
 * @example
 * <LinkButton href="/scenarios">Go to scenarios</LinkButton>
 */
export function LinkButton({
  variant,
  size,
  className,
  ...link
}: ComponentProps<typeof Link> & Pick<ComponentProps<typeof Button>, 'variant' | 'size'>) {
  return (
    <Button variant={variant} size={size} className={className} asChild>
      <Link {...link} />
    </Button>
  );
}
