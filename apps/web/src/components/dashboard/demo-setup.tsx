'use client';

import type { Automation, AutomationCreate, Scenario, ScenarioCreate } from '@tfbench/contract';
import { SparklesIcon } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { useCan } from '@/components/auth/session';
import { LinkButton } from '@/components/shared/link-button';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeading } from '@/components/ui/card';
import { toast } from '@/components/ui/toast';
import { apiRequest, mutations, queries } from '@/lib/api';
import { userMessage } from '@/lib/user-messages';

interface DemoSet {
  automation: AutomationCreate;
  scenarios: Array<Omit<ScenarioCreate, 'automation_id'>>;
}

/** The demo automation and scenarios a newcomer can create in one click (mock mode friendly). */
const DEMO: DemoSet = {
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
 * A model behind an OpenAI-compatible endpoint. In mock mode its runs go to the in-process mock
 * OpenAI server whatever the URL; a real server refuses a loopback URL unless loopback outbound
 * is allowed, and then only this part of the demo is missing.
 */
const LLM_DEMO: DemoSet = {
  automation: {
    name: 'Mock LLM (OpenAI-compatible)',
    description:
      'A chat model behind an OpenAI-compatible endpoint (streamed, with token metrics). Runs against the mock OpenAI-compatible server in mock mode.',
    provider: 'openai',
    config: {
      base_url: 'http://127.0.0.1:8788/v1',
      prices: { input_per_mtok_usd: 0.15, output_per_mtok_usd: 0.6 },
    },
    default_inputs: { model: 'mock-llm', max_tokens: 128 },
  },
  scenarios: [
    {
      name: 'Demo · short LLM answers',
      description: 'A one-paragraph answer: TTFT, output tokens/s and TPOT.',
      inputs_template: { prompt: 'Explain in one paragraph what time to first token measures.' },
      run_settings: { iterations: 10, concurrency: 2, timeout_s: 60 },
      thresholds: ['p95(ttft_ms) < 1000', 'mean(output_tokens_per_s) > 20', 'success_rate >= 0.95'],
    },
  ],
};

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Creates a demo set's automation and scenarios, reusing those that exist by name (names are unique). */
async function createDemoSet(set: DemoSet): Promise<Scenario[]> {
  const [automations, existing] = await Promise.all([
    apiRequest<Automation[]>('GET', queries.automations().path).then((r) => r.data),
    apiRequest<Scenario[]>('GET', queries.scenarios().path).then((r) => r.data),
  ]);
  const automation =
    automations.find((a) => sameName(a.name, set.automation.name)) ??
    (await mutations.createAutomation(set.automation));
  const scenarios: Scenario[] = [];
  for (const s of set.scenarios)
    scenarios.push(
      existing.find((e) => sameName(e.name, s.name)) ??
        (await mutations.createScenario({ ...s, automation_id: automation.id })),
    );
  return scenarios;
}

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
      // A second click (or demo data made before) reuses what exists.
      const scenarios = await createDemoSet(DEMO);
      // The LLM demo is a bonus: refused (e.g. a loopback URL the server may not call), the
      // TinyFish demo still stands and the reason is shown.
      let llmRefused = '';
      const llm = await createDemoSet(LLM_DEMO).then(
        (created) => created.length,
        (e: unknown) => {
          llmRefused = ` The OpenAI-compatible demo was not created: ${userMessage(e)}`;
          return 0;
        },
      );
      const first = scenarios[0];
      const run = first ? await mutations.triggerRun(first.id) : undefined;
      toast({
        title: 'Demo data created',
        description: `${llm > 0 ? 'Two automations' : 'One automation'} and ${scenarios.length + llm} scenarios${run ? `; run #${run.id} is on its way` : ''}.${llmRefused}`,
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
      <CardHeading
        title="Welcome to tfbench"
        description="There is nothing to measure yet. Define an automation (what to call) and a scenario (inputs and settings), then trigger runs or a benchmark."
      />
      <CardContent className="flex flex-col gap-3 sm:flex-row sm:items-center">
        {canEdit ? (
          <>
            <Button onClick={create} disabled={busy} data-testid="create-demo">
              <SparklesIcon />
              {busy ? 'Creating…' : 'Create demo data and a first run'}
            </Button>
            <LinkButton variant="outline" href="/automations?new=1">
              Create an automation
            </LinkButton>
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
