'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useCan } from '@/components/auth/session';
import { cn } from '@/lib/utils';

const TABS = [
  { href: '/settings/api-keys', label: 'API keys', adminOnly: false },
  { href: '/settings/users', label: 'Users', adminOnly: true },
  { href: '/settings/audit', label: 'Audit log', adminOnly: true },
] as const;

/** The settings sections as links (each is its own page, so each has its own address). */
export function SettingsTabs() {
  const pathname = usePathname();
  const isAdmin = useCan('admin');
  return (
    <nav aria-label="Settings" className="mb-5 flex gap-1 border-b">
      {TABS.filter((tab) => isAdmin || !tab.adminOnly).map((tab) => {
        const active = pathname === tab.href;
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? 'page' : undefined}
            className={cn(
              '-mb-px border-b-2 px-3 py-2 text-sm font-medium text-muted-foreground transition-colors hover:text-foreground',
              active ? 'border-primary text-foreground' : 'border-transparent',
            )}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
