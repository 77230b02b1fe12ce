'use client';

import { KeyRoundIcon, PlusIcon } from 'lucide-react';
import { useState } from 'react';
import { useCan } from '@/components/auth/session';
import { ConfirmDialog } from '@/components/shared/confirm-dialog';
import { PageHeader } from '@/components/shared/page-header';
import { RelativeTime } from '@/components/shared/relative-time';
import { EmptyState, ErrorState, TableSkeleton } from '@/components/shared/states';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { toast } from '@/components/ui/toast';
import { authCalls, authQueries } from '@/lib/auth/client';
import type { ApiKey } from '@/lib/auth/types';
import { useQuery } from '@/lib/use-query';
import { userMessage } from '@/lib/user-messages';
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

/** API keys: an administrator sees everyone's, anyone else their own. */
export function ApiKeysView() {
  const keys = useQuery(authQueries.apiKeys());
  const isAdmin = useCan('admin');
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | undefined>();
  const list = keys.data?.items ?? [];

  const newKey = (
    <Button onClick={() => setCreating(true)} data-testid="new-api-key">
      <PlusIcon />
      New API key
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Settings"
        description="API keys let scripts, CI and the CLI call tfbench without a password."
        actions={newKey}
      />
      <SettingsTabs />
      <Card>
        <CardContent>
          {keys.error && !keys.data ? (
            <ErrorState error={keys.error} onRetry={keys.reload} />
          ) : keys.isLoading ? (
            <TableSkeleton />
          ) : list.length === 0 ? (
            <EmptyState
              icon={<KeyRoundIcon className="size-6" />}
              title="No API keys yet"
              description="Create one for each script or pipeline, with the weakest role that does its job."
              action={newKey}
            />
          ) : (
            <Table data-testid="api-keys-table">
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>Role</TableHead>
                  {isAdmin ? <TableHead className="hidden lg:table-cell">Owner</TableHead> : null}
                  <TableHead className="hidden md:table-cell">Created</TableHead>
                  <TableHead className="hidden sm:table-cell">Last used</TableHead>
                  <TableHead className="hidden md:table-cell">Expires</TableHead>
                  <TableHead className="hidden sm:table-cell">Status</TableHead>
                  <TableHead className="w-24">
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {list.map((key) => {
                  const state = keyState(key);
                  return (
                    <TableRow key={key.id} data-testid="api-key-row" data-key-prefix={key.prefix}>
                      <TableCell className="max-w-56">
                        <p className="truncate font-medium">{key.name}</p>
                        <p className="font-mono text-xs text-muted-foreground">tfb_{key.prefix}…</p>
                        {/* On a phone the status sits under the name, so Revoke stays on screen. */}
                        <div className="mt-1 sm:hidden">
                          <KeyStatusBadge state={state} />
                        </div>
                      </TableCell>
                      <TableCell>
                        <Badge variant="secondary">{key.role}</Badge>
                      </TableCell>
                      {isAdmin ? (
                        <TableCell className="hidden max-w-48 truncate text-muted-foreground lg:table-cell">
                          {key.owner_email ?? 'bootstrap'}
                        </TableCell>
                      ) : null}
                      <TableCell className="hidden md:table-cell">
                        <RelativeTime when={key.created_at} />
                      </TableCell>
                      <TableCell className="hidden sm:table-cell">
                        <When at={key.last_used_at} none="never" />
                      </TableCell>
                      <TableCell className="hidden md:table-cell">
                        <When at={key.expires_at} tense="future" none="never" />
                      </TableCell>
                      <TableCell className="hidden sm:table-cell">
                        <KeyStatusBadge state={state} />
                      </TableCell>
                      <TableCell className="text-right">
                        {state === 'revoked' ? null : (
                          <Button
                            variant="outline"
                            size="sm"
                            onClick={() => setRevoking(key)}
                            aria-label={`Revoke ${key.name}`}
                            data-testid="revoke-key"
                          >
                            Revoke
                          </Button>
                        )}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
      <ApiKeyDialog open={creating} onOpenChange={setCreating} />
      <ConfirmDialog
        open={revoking !== undefined}
        onOpenChange={(open) => {
          if (!open) setRevoking(undefined);
        }}
        title={`Revoke API key “${revoking?.name ?? ''}”?`}
        description={`Every request with tfb_${revoking?.prefix ?? ''}… is refused from now on. This cannot be undone.`}
        confirmLabel="Revoke key"
        keepLabel="Keep key"
        testId="revoke-dialog"
        onConfirm={async () => {
          if (!revoking) return;
          try {
            await authCalls.revokeApiKey(revoking.id);
            toast({ title: `Revoked ${revoking.name}`, variant: 'success' });
          } catch (error) {
            toast({
              title: 'Could not revoke the key',
              description: userMessage(error),
              variant: 'destructive',
            });
          }
        }}
      />
    </>
  );
}
