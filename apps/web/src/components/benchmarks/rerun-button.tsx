'use client';

import { RotateCcwIcon } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Allowed } from '@/components/auth/allowed';
import { Button } from '@/components/ui/button';
import { toast } from '@/components/ui/toast';
import { ApiError, mutations } from '@/lib/api';

/** Starts a new benchmark with this one's scenario and settings, then opens it. */
export function RerunButton({ benchmarkId }: { benchmarkId: number }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const rerun = async () => {
    setBusy(true);
    try {
      const created = await mutations.rerunBenchmark(benchmarkId);
      toast({ title: `Started benchmark #${created.id}, a re-run of #${benchmarkId}`, variant: 'success' });
      router.push(`/benchmarks/${created.id}`);
    } catch (e) {
      toast({
        title: 'Could not re-run the benchmark',
        description: e instanceof ApiError ? e.message : String(e),
        variant: 'destructive',
      });
      setBusy(false);
    }
  };
  return (
    <Allowed to="trigger">
      <Button variant="outline" onClick={rerun} disabled={busy} data-testid="rerun-benchmark">
        <RotateCcwIcon />
        Re-run
      </Button>
    </Allowed>
  );
}
