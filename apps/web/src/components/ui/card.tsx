import type { ReactNode } from 'react';
import { part } from './part';

/** A bordered surface grouping one widget. */
const Card = part('div', 'card', 'flex flex-col rounded-xl border bg-card text-card-foreground shadow-sm');
const CardHeader = part(
  'div',
  'card-header',
  'flex flex-wrap items-start justify-between gap-x-4 gap-y-2 px-4 pt-4 sm:px-5 sm:pt-5',
);
const CardTitle = part('h2', 'card-title', 'text-base font-semibold leading-tight');
const CardDescription = part('p', 'card-description', 'text-sm text-muted-foreground');
const CardContent = part('div', 'card-content', 'px-4 py-4 sm:px-5');
const CardFooter = part('div', 'card-footer', 'flex items-center gap-2 px-4 pb-4 sm:px-5');

/**
 * A card's title row: the title with its description under it, and `action` (a link to all of
 * it, a toggle) on the right.
 *
 * @example
 * <CardHeading title="Recent runs" description="The ten newest runs." action={<LinkButton href="/runs">All runs</LinkButton>} />
 */
function CardHeading({
  title,
  description,
  action,
}: {
  title: ReactNode;
  description?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <CardHeader>
      <div>
        <CardTitle>{title}</CardTitle>
        {description ? <CardDescription className="mt-1">{description}</CardDescription> : null}
      </div>
      {action}
    </CardHeader>
  );
}

/**
 * A card whose body stacks its parts (figures over a table, say) under a title row: the frame of
 * the cards that report one set of figures.
 */
function StackedCard({
  testId,
  children,
  ...heading
}: {
  testId: string;
  title: ReactNode;
  description?: ReactNode;
  action?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card data-testid={testId}>
      <CardHeading {...heading} />
      <CardContent className="grid grid-cols-1 gap-5">{children}</CardContent>
    </Card>
  );
}

export { Card, CardContent, CardDescription, CardFooter, CardHeader, CardHeading, CardTitle, StackedCard };
