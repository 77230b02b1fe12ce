'use client';

import { MenuIcon } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { type ReactNode, useState } from 'react';
import { AccountMenu } from '@/components/auth/account-menu';
import { Button } from '@/components/ui/button';
import { Dialog, DialogDescription, DialogTitle, DialogTrigger, SheetContent } from '@/components/ui/dialog';
import { cn } from '@/lib/utils';
import { FiringAlertsBadge } from './firing-alerts-badge';
import { LiveIndicator } from './live-indicator';
import { isActive, NAV_ITEMS } from './nav-items';
import { ThemeToggle } from './theme-toggle';

function Brand() {
  return (
    <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
      <span
        aria-hidden="true"
        className="grid grid-cols-1 size-7 place-items-center rounded-md bg-primary text-xs font-bold text-primary-foreground"
      >
        tf
      </span>
      <span>tfbench</span>
    </Link>
  );
}

function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <ul className="grid grid-cols-1 gap-1">
      {NAV_ITEMS.map(({ href, label, icon: Icon }) => {
        const active = isActive(pathname, href);
        return (
          <li key={href}>
            <Link
              href={href}
              onClick={onNavigate}
              aria-current={active ? 'page' : undefined}
              className={cn(
                'flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium text-muted-foreground transition-colors hover:bg-accent hover:text-foreground',
                active && 'bg-accent text-foreground',
              )}
            >
              <Icon className="size-4" aria-hidden="true" />
              {label}
              {href === '/alerts' ? <FiringAlertsBadge /> : null}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The frame of every page: a fixed sidebar from the `lg` breakpoint up, a top bar with a
 * slide-in navigation sheet below it.
 */
export function AppShell({ children }: { children: ReactNode }) {
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <div className="min-h-dvh lg:grid lg:grid-cols-[15rem_1fr]">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-primary focus:px-3 focus:py-2 focus:text-primary-foreground"
      >
        Skip to content
      </a>
      <aside className="hidden border-r bg-card/40 lg:block">
        <div className="sticky top-0 flex h-dvh flex-col gap-6 px-3 py-5">
          <div className="px-2">
            <Brand />
          </div>
          <nav aria-label="Main">
            <NavLinks />
          </nav>
          <div className="mt-auto grid gap-2 border-t pt-3">
            <AccountMenu />
            <div className="flex items-center justify-between px-2">
              <LiveIndicator />
              <ThemeToggle />
            </div>
          </div>
        </div>
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="sticky top-0 z-40 flex h-14 items-center gap-2 border-b bg-background/90 px-3 backdrop-blur lg:hidden">
          <Dialog open={menuOpen} onOpenChange={setMenuOpen}>
            <DialogTrigger asChild>
              <Button variant="ghost" size="icon" aria-label="Open navigation">
                <MenuIcon />
              </Button>
            </DialogTrigger>
            <SheetContent>
              <DialogTitle className="sr-only">Navigation</DialogTitle>
              <DialogDescription className="sr-only">The sections of tfbench.</DialogDescription>
              <div className="px-2 pt-1">
                <Brand />
              </div>
              <nav aria-label="Main">
                <NavLinks onNavigate={() => setMenuOpen(false)} />
              </nav>
            </SheetContent>
          </Dialog>
          <Brand />
          <div className="ml-auto flex items-center gap-1">
            <LiveIndicator compact />
            <ThemeToggle />
            <AccountMenu compact />
          </div>
        </header>
        <main id="main" className="mx-auto w-full max-w-[1600px] flex-1 px-3 py-5 sm:px-6 lg:px-8 lg:py-8">
          {children}
        </main>
      </div>
    </div>
  );
}
