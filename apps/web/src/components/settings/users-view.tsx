'use client';

import { KeyRoundIcon, ShieldIcon, UsersIcon } from 'lucide-react';
import { useState } from 'react';
import { useCan, useSession } from '@/components/auth/session';
import { ConfirmDialog } from '@/components/shared/confirm-dialog';
import { DataTable } from '@/components/shared/data-table';
import { ItemMenu } from '@/components/shared/item-menu';
import { NewButton } from '@/components/shared/new-button';
import { PageHeader } from '@/components/shared/page-header';
import { RelativeTime } from '@/components/shared/relative-time';
import { EmptyState, ErrorState, TableSkeleton } from '@/components/shared/states';
import { toastOutcome } from '@/components/shared/toast-failure';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent } from '@/components/ui/card';
import { DropdownMenuItem } from '@/components/ui/dropdown-menu';
import { authCalls, authQueries } from '@/lib/auth/client';
import type { User } from '@/lib/auth/types';
import { useQuery } from '@/lib/use-query';
import { SettingsTabs } from './settings-tabs';
import { ChangeRoleDialog, CreateUserDialog, ResetPasswordDialog } from './user-dialogs';

type Action = { kind: 'role' | 'password' | 'delete'; user: User };

function UsersTable({ users, onAction }: { users: User[]; onAction: (action: Action) => void }) {
  const me = useSession();
  const email = (user: User) => (
    <>
      <span className="truncate font-medium">{user.email}</span>
      {user.id === me.user?.id ? (
        <Badge variant="outline" className="ml-2">
          you
        </Badge>
      ) : null}
    </>
  );
  return (
    <DataTable
      columns={[
        { id: 'email', header: 'Email', className: 'max-w-64', cell: email },
        { id: 'role', header: 'Role', cell: (user) => <Badge variant="secondary">{user.role}</Badge> },
        {
          id: 'created',
          header: 'Created',
          from: 'md',
          cell: (user) => <RelativeTime when={user.created_at} />,
        },
        { id: 'last-sign-in', header: 'Last sign-in', from: 'sm', cell: lastSignIn },
        {
          id: 'actions',
          header: 'Actions',
          srOnlyHeader: true,
          headClassName: 'w-12',
          cell: (user) => <UserMenu user={user} onAction={onAction} />,
        },
      ]}
      testId="users-table"
      rows={users}
      rowProps={(user) => ({ 'data-testid': 'user-row', 'data-email': user.email })}
    />
  );
}

function lastSignIn(user: User) {
  if (!user.last_login_at) return <span className="text-muted-foreground">never</span>;
  return <RelativeTime when={user.last_login_at} />;
}

/** A user's "⋯" menu: change the role, reset the password, or delete. */
function UserMenu({ user, onAction }: { user: User; onAction: (action: Action) => void }) {
  return (
    <ItemMenu label={`Actions for ${user.email}`} onDelete={() => onAction({ kind: 'delete', user })}>
      <DropdownMenuItem onSelect={() => onAction({ kind: 'role', user })}>
        <ShieldIcon />
        Change role
      </DropdownMenuItem>
      <DropdownMenuItem onSelect={() => onAction({ kind: 'password', user })}>
        <KeyRoundIcon />
        Reset password
      </DropdownMenuItem>
    </ItemMenu>
  );
}

/** Users: administrators add people, change their roles, reset passwords and remove them. */
export function UsersView() {
  const isAdmin = useCan('admin');
  // Only an administrator may list users: anyone else would get a 403.
  const users = useQuery(isAdmin ? authQueries.users() : null);
  const [creating, setCreating] = useState(false);
  const [action, setAction] = useState<Action | undefined>();
  const close = () => setAction(undefined);
  const pick = (kind: Action['kind']) => (action?.kind === kind ? action.user : undefined);

  return (
    <>
      <PageHeader
        title="Settings"
        description="Who may sign in to tfbench, and with which role."
        actions={
          isAdmin ? (
            <NewButton onClick={() => setCreating(true)} data-testid="new-user">
              New user
            </NewButton>
          ) : null
        }
      />
      <SettingsTabs />
      <Card>
        <CardContent>
          {!isAdmin ? (
            <EmptyState
              icon={<UsersIcon className="size-6" />}
              title="Only administrators manage users"
              description="Ask an administrator to add someone or to change a role."
            />
          ) : users.error && !users.data ? (
            <ErrorState error={users.error} onRetry={users.reload} />
          ) : users.isLoading ? (
            <TableSkeleton columns={4} />
          ) : (
            <UsersTable users={users.data?.items ?? []} onAction={setAction} />
          )}
        </CardContent>
      </Card>
      <CreateUserDialog open={creating} onClose={() => setCreating(false)} />
      <ChangeRoleDialog user={pick('role')} onClose={close} />
      <ResetPasswordDialog user={pick('password')} onClose={close} />
      <ConfirmDialog
        open={action?.kind === 'delete'}
        onClose={close}
        title={`Delete ${action?.user.email ?? ''}?`}
        description="They are signed out and can no longer sign in. Their API keys stop working."
        confirmLabel="Delete user"
        keepLabel="Keep user"
        testId="delete-user-dialog"
        onConfirm={async () => {
          if (!action) return;
          const { id, email } = action.user;
          await toastOutcome(() => authCalls.deleteUser(id), `Deleted ${email}`, 'Could not delete the user');
        }}
      />
    </>
  );
}
