/**
 * The contract states most of the wire's allowed values itself (it depends on nothing but zod
 * and the domain's shared vocabulary); each must equal core's, which the services and the
 * database's CHECK constraints use. The lists core and the contract both take from the shared
 * vocabulary are checked to be that one object, not a copy.
 */
import * as contract from '@tfbench/contract';
import { MAX_SILENCE_S } from '@tfbench/core/alerts';
import {
  BENCHMARK_ARRIVALS,
  BENCHMARK_LIMITS,
  BENCHMARK_VERDICTS,
  EARLY_STOP_LIMITS,
  MAX_SLO_MS,
  SERIES_LIMITS,
  STAGE_LIMITS,
} from '@tfbench/core/benchmarks';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@tfbench/core/config';
import { DATASET_FILE_FORMATS, DATASET_LIMITS } from '@tfbench/core/datasets';
import { BUS_EVENT_KINDS } from '@tfbench/core/events';
import {
  EXPORT_FORMATS,
  HISTOGRAM_METRICS,
  TIMESERIES_BUCKETS,
  TIMESERIES_METRICS,
  TOKEN_FIGURES,
} from '@tfbench/core/reporting';
import { COST_SAMPLE_RUNS } from '@tfbench/core/schedules';
import { MAX_RUN_SEARCH_LENGTH } from '@tfbench/core/services';
import * as domain from '@tfbench/domain/model';
import { SLO_BOUNDS } from '@tfbench/domain/thresholds';
import { describe, expect, it } from 'vitest';

const CORE: Record<string, unknown> = {
  RUN_STATUSES: domain.RUN_STATUSES,
  TERMINAL_RUN_STATUSES: domain.TERMINAL_RUN_STATUSES,
  RUN_TRIGGERS: domain.RUN_TRIGGERS,
  BENCHMARK_STATUSES: domain.BENCHMARK_STATUSES,
  PROVIDERS: domain.PROVIDERS,
  AUTOMATION_MODES: domain.AUTOMATION_MODES,
  SCHEDULE_KINDS: domain.SCHEDULE_KINDS,
  ALERT_KINDS: domain.ALERT_KINDS,
  ALERT_STATES: domain.ALERT_STATES,
  BENCHMARK_ARRIVALS,
  BENCHMARK_LIMITS,
  BENCHMARK_VERDICTS,
  STAGE_LIMITS,
  EARLY_STOP_LIMITS,
  SERIES_LIMITS,
  SLO_BOUNDS,
  MAX_SLO_MS,
  MAX_SILENCE_S,
  LIVE_EVENT_KINDS: BUS_EVENT_KINDS,
  EXPORT_FORMATS,
  COST_SAMPLE_RUNS,
  MAX_RUN_SEARCH_LENGTH,
  ROLES: domain.ROLES,
  PASSWORD_MIN_LENGTH,
  PASSWORD_MAX_LENGTH,
};

const SHARED: Record<string, unknown> = {
  DATASET_LIMITS,
  DATASET_FILE_FORMATS,
  HISTOGRAM_METRICS,
  TIMESERIES_BUCKETS,
  TIMESERIES_METRICS,
  TOKEN_FIGURES,
};

describe('the contract vocabulary', () => {
  it.each(Object.entries(CORE))('%s equals core', (name, value) => {
    expect((contract as Record<string, unknown>)[name]).toEqual(value);
  });

  it.each(Object.entries(SHARED))('%s is the shared vocabulary core reads', (name, value) => {
    expect((contract as Record<string, unknown>)[name]).toBe(value);
  });
});
