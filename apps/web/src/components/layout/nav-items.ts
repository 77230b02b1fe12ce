import {
  ActivityIcon,
  BellIcon,
  BotIcon,
  DatabaseIcon,
  FlaskConicalIcon,
  GaugeIcon,
  LayoutDashboardIcon,
  type LucideIcon,
} from 'lucide-react';

export interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
}

/** The main sections, in the order a newcomer uses them last-to-first. */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'Dashboard', icon: LayoutDashboardIcon },
  { href: '/runs', label: 'Runs', icon: ActivityIcon },
  { href: '/benchmarks', label: 'Benchmarks', icon: GaugeIcon },
  { href: '/scenarios', label: 'Scenarios', icon: FlaskConicalIcon },
  { href: '/datasets', label: 'Datasets', icon: DatabaseIcon },
  { href: '/automations', label: 'Automations', icon: BotIcon },
  { href: '/alerts', label: 'Alerts', icon: BellIcon },
];

/** Whether `pathname` is inside the section at `href`. */
export function isActive(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}
