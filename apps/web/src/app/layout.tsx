import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { SessionGate } from '@/components/auth/session-gate';
import { THEME_BOOTSTRAP_SCRIPT } from '@/components/layout/theme';
import { Toaster } from '@/components/ui/toast';
import { TooltipProvider } from '@/components/ui/tooltip';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'tfbench', template: '%s · tfbench' },
  description: 'Benchmark, monitor and evaluate TinyFish web-agent runs.',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: dark)', color: '#17191f' },
    { media: '(prefers-color-scheme: light)', color: '#fafafa' },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // `dark` is the default theme; the bootstrap script removes it before paint when the user
    // chose light, which is why React must not complain about the class differing.
    <html lang="en" className="dark" suppressHydrationWarning>
      <head>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a constant script of ours, no user data */}
        <script dangerouslySetInnerHTML={{ __html: THEME_BOOTSTRAP_SCRIPT }} />
      </head>
      <body className="antialiased">
        <TooltipProvider delayDuration={200}>
          <SessionGate>{children}</SessionGate>
          <Toaster />
        </TooltipProvider>
      </body>
    </html>
  );
}
