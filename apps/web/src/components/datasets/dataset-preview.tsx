'use client';

import type { Dataset } from '@tfbench/contract';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { queries } from '@/lib/api';
import { useQuery } from '@/lib/use-query';
import { userMessage } from '@/lib/user-messages';

const PREVIEW_ROWS = 20;

/** The first rows of a dataset, one JSON object a line, with the fields a template may name. */
export function DatasetPreview({ dataset }: { dataset: Dataset }) {
  const rows = useQuery(queries.datasetRows(dataset.id, PREVIEW_ROWS));
  const shown = Math.min(PREVIEW_ROWS, dataset.row_count);
  return (
    <Card data-testid="dataset-preview">
      <CardHeader>
        <CardTitle>
          {dataset.name}: first {shown} of {dataset.row_count.toLocaleString('en-US')} rows
        </CardTitle>
        <CardDescription>
          Fields for templates:{' '}
          {dataset.fields.map((field) => (
            <code key={field} className="mr-2 rounded bg-muted px-1 text-xs">{`{{row.${field}}}`}</code>
          ))}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {rows.error ? (
          <p className="text-sm text-destructive">{userMessage(rows.error)}</p>
        ) : !rows.data ? (
          <Skeleton className="h-24 w-full" />
        ) : (
          <ol className="grid max-h-80 gap-1 overflow-auto font-mono text-xs">
            {rows.data.map((row) => (
              <li key={row.index} className="flex gap-3 border-b pb-1 last:border-b-0">
                <span className="w-8 shrink-0 text-right text-muted-foreground tabular-nums">
                  {row.index}
                </span>
                <span className="break-all">{JSON.stringify(row.data)}</span>
              </li>
            ))}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}
