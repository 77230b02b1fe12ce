'use client';

import type { Automation, AutomationCreate, Scenario, ScenarioCreate } from '@tfbench/contract';
import { SparklesIcon } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { useCan } from '@/components/auth/session';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { toast } from '@/components/ui/toast';
import { apiRequest, mutations, queries } from '@/lib/api';
import { userMessage } from '@/lib/user-messages';

/** The demo automation and scenarios a newcomer can create in one click (mock mode friendly). */
const DEMO: { automation: AutomationCreate; scenarios: Array<Omit<ScenarioCreate, 'automation_id'>> } = {
  automation: {
    name: 'Demo · scrapeme product grid',
    description: 'Reads the product grid of a demo shop. Runs against the mock TinyFish server in mock mode.',
    provider: 'tinyfish',
    config: { mode: 'sse' },
    default_inputs: {
      url: 'https://scrapeme.live/shop',
      goal: 'Extract the names and prices of the first three products as JSON',
      browser_profile: 'lite',
    },
  },
  scenarios: [
    {
      name: 'Demo · first page',
      description: 'The default goal on the first page.',
      inputs_template: {},
      run_settings: { iterations: 20, concurrency: 4, timeout_s: 120 },
      thresholds: ['p95(total_duration_ms) < 30000', 'success_rate >= 0.9'],
    },
    {
      name: 'Demo · second page',
      description: 'The same extraction on page two.',
      inputs_template: { url: 'https://scrapeme.live/shop/page/2' },
      run_settings: { iterations: 10, concurrency: 2, timeout_s: 120 },
      thresholds: ['p50(ttft_ms) < 2000'],
    },
  ],
};

/**
 * Shown on an empty system: creates a demo automation and two scenarios through the public
 * API, then triggers a first run, so there are real numbers to look at within a minute.
 */
export function DemoSetup({ onCreated }: { onCreated: () => void }) {
  const canEdit = useCan('edit');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      // Names are unique: a second click (or demo data made before) reuses what exists.
      const [automations, existing] = await Promise.all([
        apiRequest<Automation[]>('GET', queries.automations().path).then((r) => r.data),
        apiRequest<Scenario[]>('GET', queries.scenarios().path).then((r) => r.data),
      ]);
      const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
      const automation =
        automations.find((a) => sameName(a.name, DEMO.automation.name)) ??
        (await mutations.createAutomation(DEMO.automation));
      const scenarios = [];
      for (const s of DEMO.scenarios)
        scenarios.push(
          existing.find((e) => sameName(e.name, s.name)) ??
            (await mutations.createScenario({ ...s, automation_id: automation.id })),
        );
      const first = scenarios[0];
      const run = first ? await mutations.triggerRun(first.id) : undefined;
      toast({
        title: 'Demo data created',
        description: `One automation and ${scenarios.length} scenarios${run ? `; run #${run.id} is on its way` : ''}.`,
        variant: 'success',
        action: run ? (
          <Link href={`/runs/${run.id}`} className="font-medium text-primary hover:underline">
            Watch run #{run.id}
          </Link>
        ) : undefined,
      });
      onCreated();
    } catch (e) {
      setError(userMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card className="border-primary/40 bg-primary/5" data-testid="onboarding">
      <CardHeader>
        <div>
          <CardTitle>Welcome to tfbench</CardTitle>
          <CardDescription className="mt-1">
            There is nothing to measure yet. Define an automation (what to call) and a scenario (inputs and
            settings), then trigger runs or a benchmark.
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent className="flex flex-col gap-3 sm:flex-row sm:items-center">
        {canEdit ? (
          <>
            <Button onClick={create} disabled={busy} data-testid="create-demo">
              <SparklesIcon />
              {busy ? 'Creating…' : 'Create demo data and a first run'}
            </Button>
            <Button variant="outline" asChild>
              <Link href="/automations?new=1">Create an automation</Link>
            </Button>
          </>
        ) : (
          <p className="text-sm text-muted-foreground">
            Your role may not create them: ask an editor or an administrator.
          </p>
        )}
        {error ? (
          <p role="alert" className="text-sm text-destructive">
            {error}
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}
