'use client';

import { ChevronsUpDownIcon, KeyRoundIcon, LogOutIcon, MonitorSmartphoneIcon, UsersIcon } from 'lucide-react';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import {
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  Menu,
} from '@/components/ui/dropdown-menu';
import { toast } from '@/components/ui/toast';
import { authCalls } from '@/lib/auth/client';
import { can } from '@/lib/auth/roles';
import type { Me } from '@/lib/auth/types';
import { cn } from '@/lib/utils';
import { useSession } from './session';

/** A signed-in person's name as the menu shows it; a key or auth-off has no person. */
function who(me: Me): string {
  if (me.user) return me.user.email;
  return me.via === 'off' ? 'Accounts are off' : 'API key';
}

async function leave(signOut: () => Promise<void>) {
  try {
    await signOut();
    // A full load, not a client navigation: nothing the previous user saw stays in memory.
    window.location.assign('/sign-in');
  } catch (error) {
    toast({
      title: 'Could not sign out',
      description: error instanceof Error ? error.message : String(error),
      variant: 'destructive',
    });
  }
}

/**
 * Who is signed in, with which role, and the ways out: sign out here, or end every session of
 * this account (a lost laptop). The settings pages are reached from here too.
 */
export function AccountMenu({ compact = false }: { compact?: boolean }) {
  const me = useSession();
  const name = who(me);
  const signedIn = me.via === 'session';
  return (
    <Menu
      align={compact ? 'end' : 'start'}
      side={compact ? 'bottom' : 'top'}
      className="w-60"
      trigger={
        <button
          type="button"
          data-testid="account-menu"
          // The full trigger's name is its visible text; the compact one shows only an initial.
          aria-label={compact ? `Account: ${name}, ${me.role}` : undefined}
          className={cn(
            'flex min-w-0 items-center gap-2 rounded-md text-left text-sm outline-none transition-colors hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring',
            compact ? 'p-1' : 'w-full px-2 py-1.5',
          )}
        >
          <span
            aria-hidden="true"
            className="grid size-7 shrink-0 place-items-center rounded-full bg-secondary text-xs font-semibold uppercase text-secondary-foreground"
          >
            {name.charAt(0)}
          </span>
          {compact ? null : (
            <>
              <span className="sr-only">Account:</span>
              <span className="grid min-w-0 flex-1 leading-tight">
                <span className="truncate font-medium" title={name} data-testid="account-email">
                  {name}
                </span>
                <span className="text-xs text-muted-foreground" data-testid="account-role">
                  {me.role}
                </span>
              </span>
              <ChevronsUpDownIcon className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
            </>
          )}
        </button>
      }
    >
      <DropdownMenuLabel className="grid gap-1">
        <span className="truncate text-sm text-foreground">{name}</span>
        <Badge variant="secondary">{me.role}</Badge>
      </DropdownMenuLabel>
      {me.via === 'off' ? null : (
        <>
          <DropdownMenuSeparator />
          <DropdownMenuItem asChild>
            <Link href="/settings/api-keys">
              <KeyRoundIcon aria-hidden="true" />
              API keys
            </Link>
          </DropdownMenuItem>
          {can(me.role, 'admin') ? (
            <DropdownMenuItem asChild>
              <Link href="/settings/users">
                <UsersIcon aria-hidden="true" />
                Users
              </Link>
            </DropdownMenuItem>
          ) : null}
        </>
      )}
      {signedIn ? (
        <>
          <DropdownMenuSeparator />
          <DropdownMenuItem data-testid="sign-out" onSelect={() => leave(authCalls.signOut)}>
            <LogOutIcon aria-hidden="true" />
            Sign out
          </DropdownMenuItem>
          <DropdownMenuItem
            data-testid="sign-out-everywhere"
            onSelect={() => leave(authCalls.signOutEverywhere)}
          >
            <MonitorSmartphoneIcon aria-hidden="true" />
            Sign out everywhere
          </DropdownMenuItem>
        </>
      ) : null}
    </Menu>
  );
}
