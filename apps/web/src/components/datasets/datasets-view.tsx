'use client';

import type { Dataset } from '@tfbench/contract';
import { DatabaseIcon, EyeIcon, SparklesIcon, Trash2Icon, UploadIcon } from 'lucide-react';
import { useState } from 'react';
import { Allowed } from '@/components/auth/allowed';
import { DataTable } from '@/components/shared/data-table';
import { DeleteDialog } from '@/components/shared/delete-dialog';
import { ListView } from '@/components/shared/list-view';
import { PageHeader } from '@/components/shared/page-header';
import { RelativeTime } from '@/components/shared/relative-time';
import { EmptyState } from '@/components/shared/states';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { toast } from '@/components/ui/toast';
import { mutations, queries } from '@/lib/api';
import { useQuery } from '@/lib/use-query';
import { DatasetSyntheticDialog, DatasetUploadDialog } from './dataset-dialogs';
import { DatasetPreview } from './dataset-preview';

function DatasetsTable({
  datasets,
  previewing,
  onPreview,
  onDelete,
}: {
  datasets: Dataset[];
  previewing: number | undefined;
  onPreview: (d: Dataset) => void;
  onDelete: (d: Dataset) => void;
}) {
  const actions = (d: Dataset) => (
    <div className="flex justify-end gap-1">
      <Button
        variant={previewing === d.id ? 'secondary' : 'ghost'}
        size="icon"
        aria-label={`Preview ${d.name}`}
        aria-pressed={previewing === d.id}
        onClick={() => onPreview(d)}
      >
        <EyeIcon />
      </Button>
      <Allowed to="edit">
        <Button variant="ghost" size="icon" aria-label={`Delete ${d.name}`} onClick={() => onDelete(d)}>
          <Trash2Icon />
        </Button>
      </Allowed>
    </div>
  );
  return (
    <DataTable
      columns={[
        {
          id: 'name',
          header: 'Name',
          className: 'max-w-64',
          cell: (d) => (
            <>
              <p className="truncate font-medium">{d.name}</p>
              <p className="truncate text-xs text-muted-foreground">{d.fields.join(', ')}</p>
            </>
          ),
        },
        {
          id: 'rows',
          header: 'Rows',
          align: 'right',
          className: 'tabular-nums',
          cell: (d) => d.row_count.toLocaleString('en-US'),
        },
        {
          id: 'source',
          header: 'Source',
          from: 'sm',
          cell: (d) => <Badge variant="secondary">{d.source}</Badge>,
        },
        {
          id: 'created',
          header: 'Created',
          from: 'md',
          align: 'right',
          muted: true,
          cell: (d) => <RelativeTime when={d.created_at} />,
        },
        { id: 'actions', header: 'Actions', srOnlyHeader: true, headClassName: 'w-24', cell: actions },
      ]}
      testId="datasets-table"
      rows={datasets}
      rowProps={(d) => ({ 'data-testid': 'dataset-row', 'data-dataset-id': d.id })}
    />
  );
}

/** Datasets: the list, upload a file or generate rows, preview the first rows, delete. */
export function DatasetsView() {
  const datasets = useQuery(queries.datasets());
  const [uploading, setUploading] = useState(false);
  const [generating, setGenerating] = useState(false);
  const [previewing, setPreviewing] = useState<Dataset | undefined>();
  const [deleting, setDeleting] = useState<Dataset | undefined>();

  const created = (dataset: Dataset) => {
    toast({ title: `Created ${dataset.name}`, description: `${dataset.row_count} rows`, variant: 'success' });
    datasets.reload();
    setPreviewing(dataset);
  };
  const newButtons = (
    <Allowed to="edit">
      <Button variant="outline" onClick={() => setGenerating(true)} data-testid="new-synthetic-dataset">
        <SparklesIcon />
        Generate
      </Button>
      <Button onClick={() => setUploading(true)} data-testid="upload-dataset">
        <UploadIcon />
        Upload file
      </Button>
    </Allowed>
  );

  return (
    <>
      <PageHeader
        title="Datasets"
        description="Rows of inputs — real prompts, URLs and goals — that a benchmark feeds into its runs, so results show which inputs are slow or fail."
        // One row of buttons: the description wraps instead of stacking them.
        actions={<div className="flex gap-2">{newButtons}</div>}
      />
      <ListView
        query={datasets}
        empty={
          <EmptyState
            icon={<DatabaseIcon className="size-6" />}
            title="No datasets yet"
            description="Upload a JSONL, CSV or ShareGPT file, or generate prompts of a chosen length."
            action={newButtons}
          />
        }
      >
        {(list) => (
          <div className="grid gap-4">
            <DatasetsTable
              datasets={list}
              previewing={previewing?.id}
              onPreview={(d) => setPreviewing((current) => (current?.id === d.id ? undefined : d))}
              onDelete={setDeleting}
            />
            {previewing && list.some((d) => d.id === previewing.id) ? (
              <DatasetPreview key={previewing.id} dataset={previewing} />
            ) : null}
          </div>
        )}
      </ListView>

      <DatasetUploadDialog open={uploading} onOpenChange={setUploading} onCreated={created} />
      <DatasetSyntheticDialog open={generating} onOpenChange={setGenerating} onCreated={created} />
      <DeleteDialog
        open={deleting !== undefined}
        onOpenChange={(open) => {
          if (!open) setDeleting(undefined);
        }}
        itemLabel={`dataset “${deleting?.name ?? ''}”`}
        cascadeLabel="Delete and remove it from those scenarios"
        cascadeExplanation="the scenarios' dataset setting (the scenarios and their runs stay)"
        onDelete={async (cascade) => {
          if (!deleting) return;
          await mutations.deleteDataset(deleting.id, cascade);
          toast({ title: `Deleted ${deleting.name}`, variant: 'success' });
          if (previewing?.id === deleting.id) setPreviewing(undefined);
          datasets.reload();
        }}
      />
    </>
  );
}
