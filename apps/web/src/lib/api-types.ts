/**
 * Wire types of the tfbench REST API as the dashboard reads them. Field names are the API's
 * snake_case names. Fields that newer API versions add are optional here, so the dashboard
 * keeps working against an API that does not send them yet.
 */

export const RUN_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled', 'timeout'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Statuses after which a run never changes again. */
export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled', 'timeout'];

export const PROVIDERS = ['tinyfish', 'openai'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const AUTOMATION_MODES = ['sse', 'sync', 'async'] as const;
export type AutomationMode = (typeof AUTOMATION_MODES)[number];

export const ARRIVALS = ['closed', 'constant', 'poisson'] as const;
export type Arrival = (typeof ARRIVALS)[number];

export type JsonObject = Record<string, unknown>;

export interface Automation {
  id: number;
  name: string;
  tinyfish_automation_id: string | null;
  description: string | null;
  default_inputs: JsonObject;
  provider: Provider;
  config: JsonObject & { mode?: AutomationMode; base_url?: string };
  created_at: string;
  updated_at: string;
}

export interface AutomationInput {
  name: string;
  tinyfish_automation_id?: string | null;
  description?: string | null;
  default_inputs?: JsonObject;
  provider?: Provider;
  config?: JsonObject;
}

export interface RunSettings extends JsonObject {
  interval_seconds?: number | null;
  cron?: string | null;
  /** What one schedule tick starts: one run (default) or a benchmark of `iterations` runs. */
  schedule_kind?: 'run' | 'benchmark' | null;
  concurrency?: number | null;
  iterations?: number | null;
  timeout_s?: number | null;
}

export interface Scenario {
  id: number;
  name: string;
  automation_id: number;
  description: string | null;
  inputs_template: JsonObject;
  run_settings: RunSettings;
  thresholds: string[];
  assertions: unknown[];
  schedule_enabled: boolean;
  next_run_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ScenarioInput {
  name: string;
  automation_id: number;
  description?: string | null;
  inputs_template?: JsonObject;
  run_settings?: RunSettings;
  thresholds?: string[];
  assertions?: unknown[];
  schedule_enabled?: boolean;
}

/** Distribution of the gaps between consecutive progress events, in ms. */
export interface InterTokenStats {
  count: number;
  min: number | null;
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  stddev: number | null;
}

export interface AssertionResult {
  assertion: unknown;
  passed: boolean;
  message?: string;
  [key: string]: unknown;
}

export interface Run {
  id: number;
  scenario_id: number;
  benchmark_id: number | null;
  trigger: string;
  status: RunStatus;
  is_warmup?: boolean;
  started_at: string | null;
  finished_at: string | null;
  total_duration_ms: number | null;
  time_to_started_ms: number | null;
  time_to_streaming_url_ms: number | null;
  ttft_ms: number | null;
  inter_token_stats: InterTokenStats | null;
  steps: number | null;
  heartbeats: number | null;
  num_of_steps?: number | null;
  server_duration_ms: number | null;
  queue_wait_ms: number | null;
  intended_start_at?: string | null;
  actual_start_at?: string | null;
  event_loop_delay_ms?: number | null;
  error: string | null;
  error_code: string | null;
  http_status: number | null;
  tinyfish_run_id: string | null;
  streaming_url: string | null;
  inputs: JsonObject;
  result_json: unknown;
  response_json: unknown;
  assertions_passed: boolean | null;
  assertion_results: AssertionResult[] | null;
  cost_usd: number | null;
  attempts?: unknown[];
  metric_definitions_version?: string | null;
  created_at: string;
  updated_at?: string;
}

export interface RunEvent {
  run_id?: number;
  seq: number;
  type: string;
  /** Monotonic offset from the run's t0, in ms. */
  at_ms: number;
  server_timestamp: string | null;
  payload: unknown;
  created_at?: string;
}

export interface RunDetail extends Run {
  events: RunEvent[];
}

export interface RunFilters {
  skip?: number;
  limit?: number;
  scenario_id?: number;
  automation_id?: number;
  benchmark_id?: number;
  status?: RunStatus;
  from?: string;
  to?: string;
  /** Search: error code, error message, upstream run id, or the run's id. */
  q?: string;
}

/** Percentiles of one latency metric; null when no completed run has the metric. */
export interface PercentileStats {
  p50: number | null;
  p90?: number | null;
  p95: number | null;
  p99: number | null;
  mean?: number | null;
  count?: number;
  [key: string]: number | null | undefined;
}

/** GET /api/v1/runs/kpis/dashboard: the dashboard's headline figures over the selected runs. */
export interface DashboardKpis {
  total_runs: number;
  /** Share of runs that completed, as a ratio in [0, 1]. */
  success_rate: number | null;
  total_time_stats: PercentileStats | null;
  ttft_stats: PercentileStats | null;
  avg_inter_token_latency: number | null;
  recent_runs: Run[];
  finished_runs?: number;
  completed_runs?: number;
  failed_runs?: number;
  timeout_runs?: number;
  cancelled_runs?: number;
  /** Pending and running runs. */
  in_flight_runs?: number;
  /** 95 % Wilson score interval of success_rate. */
  success_rate_ci?: { lower: number; upper: number } | null;
  goal_success_rate?: number | null;
  /** Finished runs with a goal verdict (assertions evaluated). */
  goal_evaluated_runs?: number;
  goal_successful_runs?: number;
  runs_per_minute?: number | null;
  /** Failed and timed-out runs by error code, most frequent first. */
  errors?: Array<{ error_code: string; count: number }>;
  cost_usd?: number | null;
  cost_per_successful_run_usd?: number | null;
  /** exact: from raw runs; rollups: percentiles from sketches. */
  source?: 'exact' | 'rollups';
  /** Bound of the percentiles' relative error (0 when exact). */
  percentile_relative_error?: number;
  [key: string]: unknown;
}

export interface KpiFilters {
  scenario_id?: number;
  automation_id?: number;
  benchmark_id?: number;
  from?: string;
  to?: string;
}

export type BenchmarkStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface BenchmarkInput {
  scenario_id: number;
  name?: string;
  iterations: number;
  concurrency: number;
  arrival: Arrival;
  rate_per_s?: number;
  warmup_runs?: number;
  /** Open arrivals: drop a run that gets no slot within this many seconds of its intended start. */
  max_lag_s?: number;
  /** Seed of the poisson schedule (same seed, same schedule). */
  seed?: number;
  duration_s?: number;
  timeout_s?: number;
  inputs_override?: JsonObject;
  thresholds?: string[];
  /** Refuse (409) rather than warn when concurrency exceeds the live workers' capacity. */
  strict_capacity?: boolean;
  /** Open arrivals: the built-in check dropped_runs == 0 counts in the verdict (default true). */
  check_dropped_runs?: boolean;
}

/** The outcome of one threshold expression over a benchmark's runs (or a rolling window). */
export interface ThresholdResult {
  /** The expression in canonical form, e.g. `p95(total_duration_ms) < 30000`. */
  expression: string;
  /** The figure the expression compared; null when there were no values. */
  observed: number | null;
  passed: boolean;
  /** How many values the figure was computed from. */
  n?: number;
  [key: string]: unknown;
}

export interface Benchmark {
  id: number;
  scenario_id: number;
  name: string | null;
  settings: JsonObject;
  status: BenchmarkStatus;
  summary: JsonObject | null;
  threshold_results: ThresholdResult[] | null;
  started_at: string | null;
  finished_at: string | null;
  created_at: string;
  updated_at?: string;
  /** All runs per status, warm-ups included. */
  counts?: Partial<Record<RunStatus, number>>;
  /** Finished runs over planned runs (warm-ups included), and the warm-up part of it. */
  progress?: {
    total: number;
    done: number;
    fraction: number;
    warmup?: { total: number; done: number };
    /** The measured runs alone (warm-ups excluded). */
    measured?: { total: number; done: number };
  };
  measurement_started_at?: string | null;
  /** Why the benchmark stopped early (its max_cost_usd was reached); null otherwise. */
  stop_reason?: string | null;
  [key: string]: unknown;
}

export const TIMESERIES_METRICS = [
  'total',
  'ttft',
  'itl_mean',
  'success_rate',
  'throughput',
  'cost',
] as const;
export type TimeseriesMetric = (typeof TIMESERIES_METRICS)[number];

export interface TimeseriesPoint {
  bucket?: string;
  bucket_start?: string;
  t?: string;
  count?: number;
  p50?: number | null;
  p95?: number | null;
  p99?: number | null;
  value?: number | null;
  rate?: number | null;
  [key: string]: unknown;
}

export interface TimeseriesResponse {
  metric?: string;
  bucket?: string;
  points?: TimeseriesPoint[];
  buckets?: TimeseriesPoint[];
  data?: TimeseriesPoint[];
  [key: string]: unknown;
}

export interface HistogramBin {
  lower?: number;
  upper?: number;
  start?: number;
  end?: number;
  le?: number;
  count: number;
  [key: string]: unknown;
}

export interface HistogramResponse {
  metric?: string;
  bins?: HistogramBin[];
  buckets?: HistogramBin[];
  [key: string]: unknown;
}

export type Verdict = 'improved' | 'regressed' | 'no_significant_change';

/** n, percentiles and mean of one side of a comparison. */
export interface SampleSummary {
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
}

/** A difference b - a with its bootstrap interval, absolute and in percent of a. */
export interface DifferenceEstimate {
  estimate: number | null;
  ci_lower: number | null;
  ci_upper: number | null;
  estimate_pct: number | null;
  ci_lower_pct: number | null;
  ci_upper_pct: number | null;
}

/** The comparison of one latency metric between two samples. */
export interface MetricComparison {
  a: SampleSummary;
  b: SampleSummary;
  difference_pct: { p50: number | null; p95: number | null; p99: number | null; mean: number | null };
  median_difference?: DifferenceEstimate;
  p95_difference?: DifferenceEstimate;
  mann_whitney?: { p_value: number; [key: string]: unknown } | null;
  alpha?: number;
  verdict: Verdict | string;
  [key: string]: unknown;
}

/** The comparison of success rates. */
export interface RateComparison {
  a: { successes: number; n: number; rate: number | null; ci_lower: number; ci_upper: number };
  b: { successes: number; n: number; rate: number | null; ci_lower: number; ci_upper: number };
  difference: number | null;
  ci_lower: number | null;
  ci_upper: number | null;
  verdict: Verdict | string;
  [key: string]: unknown;
}

/** One side of a comparison: what was compared and how many runs it had. */
export interface CompareSide {
  ref: string;
  kind: 'benchmark' | 'scenario';
  id: number;
  from: string | null;
  to: string | null;
  runs: number;
  /** Only the newest runs were read. */
  truncated: boolean;
}

/** GET /api/v1/analytics/compare */
export interface CompareResponse {
  a?: CompareSide;
  b?: CompareSide;
  /** regressed when anything regressed; improved when something improved and nothing did. */
  verdict?: Verdict;
  /** Per metric name (e.g. total_duration_ms, ttft_ms). */
  metrics?: Record<string, MetricComparison> | Array<MetricComparison & { metric: string }>;
  success_rate?: RateComparison;
  goal_success_rate?: RateComparison;
  alpha?: number;
  [key: string]: unknown;
}

export type AlertState = 'firing' | 'resolved';

/** How one notification (firing or resolved) of an alert was delivered. */
export interface AlertNotification {
  event: AlertState;
  delivered: boolean;
  attempts: number;
  last_attempt_at: string;
  last_error: string | null;
  last_http_status: number | null;
}

/** GET /api/v1/alerts: a threshold or regression alert of a scheduled scenario. */
export interface Alert {
  id: number;
  scenario_id: number;
  kind: 'threshold' | 'regression' | string;
  /** A threshold expression, or regression(<metric>). */
  rule: string;
  state: AlertState | string;
  /** The figure when it fired. */
  observed: number | null;
  /** The figure at the latest evaluation. */
  last_observed: number | null;
  n: number;
  details: JsonObject;
  fired_at: string;
  resolved_at: string | null;
  last_evaluated_at: string;
  created_at: string;
  /** When someone acknowledged it; null while nobody has. */
  acknowledged_at?: string | null;
  /** Notifications (and the rule's next firing) are held back until then. */
  silenced_until?: string | null;
  /** Notifications are held back until it resolves, the resolution included. */
  silenced_until_resolved?: boolean;
  /** Whether notifications are held back now. */
  silenced?: boolean;
  notifications: AlertNotification[];
}

/** The API's one error shape. */
export interface ErrorEnvelope {
  error: { code: string; message: string; details?: unknown };
}

/** POST /scenarios/schedule-estimate: what a schedule starts per day, and what that costs. */
export interface ScheduleEstimate {
  kind: 'run' | 'benchmark';
  ticks_per_day: number | null;
  runs_per_tick: number;
  runs_per_day: number | null;
  cost_per_run_usd: number | null;
  cost_per_day_usd: number | null;
  cost_basis: { source: 'scenario' | 'automation' | 'all_runs' | 'none'; runs: number };
}
