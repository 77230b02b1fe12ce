'use client';

import { KeyRoundIcon } from 'lucide-react';
import { useState } from 'react';
import { useCan } from '@/components/auth/session';
import { ConfirmDialog } from '@/components/shared/confirm-dialog';
import { DataTable } from '@/components/shared/data-table';
import { itemsOf, ListView } from '@/components/shared/list-view';
import { NewButton } from '@/components/shared/new-button';
import { PageHeader } from '@/components/shared/page-header';
import { RelativeTime } from '@/components/shared/relative-time';
import { EmptyState } from '@/components/shared/states';
import { toastOutcome } from '@/components/shared/toast-failure';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { authCalls, authQueries } from '@/lib/auth/client';
import type { ApiKey } from '@/lib/auth/types';
import { useQuery } from '@/lib/use-query';
import { ApiKeyDialog } from './api-key-dialog';
import { KeyStatusBadge, keyState } from './key-status';
import { SettingsTabs } from './settings-tabs';

function When({ at, tense, none }: { at: string | null; tense?: 'future'; none: string }) {
  return at ? (
    <RelativeTime when={at} tense={tense} />
  ) : (
    <span className="text-muted-foreground">{none}</span>
  );
}

/** The key's name and prefix; on a phone also its status, whose column is hidden there. */
function KeyName({ apiKey }: { apiKey: ApiKey }) {
  return (
    <>
      <p className="truncate font-medium">{apiKey.name}</p>
      <p className="font-mono text-xs text-muted-foreground">tfb_{apiKey.prefix}…</p>
      {/* On a phone the status sits under the name, so Revoke stays on screen. */}
      <div className="mt-1 sm:hidden">
        <KeyStatusBadge state={keyState(apiKey)} />
      </div>
    </>
  );
}

function ApiKeysTable({
  keys,
  showOwner,
  onRevoke,
}: {
  keys: ApiKey[];
  showOwner: boolean;
  onRevoke: (key: ApiKey) => void;
}) {
  const revoke = (key: ApiKey) =>
    keyState(key) === 'revoked' ? null : (
      <Button
        variant="outline"
        size="sm"
        onClick={() => onRevoke(key)}
        aria-label={`Revoke ${key.name}`}
        data-testid="revoke-key"
      >
        Revoke
      </Button>
    );
  return (
    <DataTable
      columns={[
        { id: 'name', header: 'Name', className: 'max-w-56', cell: (key) => <KeyName apiKey={key} /> },
        { id: 'role', header: 'Role', cell: (key) => <Badge variant="secondary">{key.role}</Badge> },
        showOwner && {
          id: 'owner',
          header: 'Owner',
          from: 'lg',
          className: 'max-w-48 truncate',
          muted: true,
          cell: (key) => key.owner_email ?? 'bootstrap',
        },
        {
          id: 'created',
          header: 'Created',
          from: 'md',
          cell: (key) => <RelativeTime when={key.created_at} />,
        },
        {
          id: 'last-used',
          header: 'Last used',
          from: 'sm',
          cell: (key) => <When at={key.last_used_at} none="never" />,
        },
        {
          id: 'expires',
          header: 'Expires',
          from: 'md',
          cell: (key) => <When at={key.expires_at} tense="future" none="never" />,
        },
        {
          id: 'status',
          header: 'Status',
          from: 'sm',
          cell: (key) => <KeyStatusBadge state={keyState(key)} />,
        },
        {
          id: 'actions',
          header: 'Actions',
          srOnlyHeader: true,
          headClassName: 'w-24',
          className: 'text-right',
          cell: revoke,
        },
      ]}
      testId="api-keys-table"
      rows={keys}
      rowProps={(key) => ({ 'data-testid': 'api-key-row', 'data-key-prefix': key.prefix })}
    />
  );
}

/** API keys: an administrator sees everyone's, anyone else their own. */
export function ApiKeysView() {
  const keys = useQuery(authQueries.apiKeys());
  const isAdmin = useCan('admin');
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | undefined>();

  const newKey = (
    <NewButton onClick={() => setCreating(true)} data-testid="new-api-key">
      New API key
    </NewButton>
  );

  return (
    <>
      <PageHeader
        title="Settings"
        description="API keys let scripts, CI and the CLI call tfbench without a password."
        actions={newKey}
      />
      <SettingsTabs />
      <ListView
        query={itemsOf(keys)}
        empty={
          <EmptyState
            icon={<KeyRoundIcon className="size-6" />}
            title="No API keys yet"
            description="Create one for each script or pipeline, with the weakest role that does its job."
            action={newKey}
          />
        }
      >
        {(list) => <ApiKeysTable keys={list} showOwner={isAdmin} onRevoke={setRevoking} />}
      </ListView>
      <ApiKeyDialog open={creating} onOpenChange={setCreating} />
      <ConfirmDialog
        open={revoking !== undefined}
        onClose={() => setRevoking(undefined)}
        title={`Revoke API key “${revoking?.name ?? ''}”?`}
        description={`Every request with tfb_${revoking?.prefix ?? ''}… is refused from now on. This cannot be undone.`}
        confirmLabel="Revoke key"
        keepLabel="Keep key"
        testId="revoke-dialog"
        onConfirm={async () => {
          if (!revoking) return;
          const { id, name } = revoking;
          await toastOutcome(() => authCalls.revokeApiKey(id), `Revoked ${name}`, 'Could not revoke the key');
        }}
      />
    </>
  );
}
