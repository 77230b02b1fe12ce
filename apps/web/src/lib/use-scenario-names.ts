'use client';

import { useMemo } from 'react';
import { queries } from './api';
import { useQuery } from './use-query';

/** Scenario id -> name, for labelling runs and benchmarks. */
export function useScenarioNames(): Map<number, string> {
  const scenarios = useQuery(queries.scenarios());
  return useMemo(() => new Map((scenarios.data ?? []).map((s) => [s.id, s.name])), [scenarios.data]);
}
