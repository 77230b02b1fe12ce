/** The --help texts. */

export const MAIN_HELP = `Usage: tfbench <command> [options]

Commands:
  run     Run a benchmark and gate on its thresholds
  apply   Apply automations and scenarios from files (configuration as code)
  export  Write the server's configuration as files apply takes
  report  Write a finished benchmark's report (HTML, JSON, Markdown)
  compare Compare two benchmarks (benchmark:ID or summary files); exit 98 on a regression
  runs    runs tail: follow a server's runs live, one line per status change

Options:
  -h, --help     Show help (also: tfbench <command> --help)
  -v, --version  Show the version

Exit codes: 0 passed, 99 a threshold failed, 98 regressed against the baseline,
1 could not be carried out, 2 usage error.
`;

export const RUN_HELP = `Usage:
  tfbench run FILE [options]
  tfbench run --scenario ID [--iterations N --concurrency N ...] --server URL
  tfbench run --benchmark KEY [--server URL | --data DIR] [outputs, baseline]

Runs a benchmark, prints a summary table on stdout and exits with its verdict.

FILE is YAML or JSON with automations and scenarios (each with a key) and a benchmark:
  automations: [{key, name, provider?, default_inputs?, ...}]
  scenarios:   [{key, name, automation: KEY, inputs_template?, thresholds?, ...}]
  benchmark:   {scenario: KEY, iterations, concurrency, arrival?, rate_per_s?, ...}

Where it runs:
  --server URL         A tfbench server; the API key is read from TFBENCH_API_KEY.
                       The file's automation and scenario are found by name and updated,
                       or created.
  (no --server)        Standalone: an embedded server in this process (PGlite in
                       memory, in-process queue, mock TinyFish unless
                       TINYFISH_API_KEY is set).
  --data DIR           Standalone: keep the database in DIR instead.

Saved benchmark:
  --benchmark KEY      Run the saved benchmark with this key (declared under benchmarks: and
                       put there by tfbench apply) with its own scenario and settings; no
                       FILE, --scenario or load flags beside it. Same outputs and exit codes.

Benchmark (override the file's benchmark section):
  --scenario ID        A scenario key of FILE, or without FILE a scenario id on the server
  --iterations N       Measured runs
  --concurrency N      Runs in flight at once
  --arrival KIND       closed (default), constant or poisson
  --rate N             Arrivals per second (constant, poisson)

Baseline:
  --baseline benchmark:ID   Compare with a benchmark on the same server (bootstrap intervals,
                            Mann-Whitney U); exit 98 on a significant regression
  --baseline FILE           Compare with a summary written by an earlier "run --out FILE"
                            (or a benchmark report JSON), in this process, same statistics
  --max-regression P        Allowed change of a metric's median before a significant
                            regression fails: 10% (every metric, the default), or per metric,
                            e.g. ttft_ms=5%,total_duration_ms=15%,success_rate=2 (success
                            rate in percentage points; itl_mean, cost_usd when named)

Outputs:
  --out FILE           The result as JSON, with the runs' samples (up to 5,000 runs) so
                       it can be a later run's --baseline
  --junit FILE         JUnit XML, one test case per threshold
  --markdown FILE      The summary as Markdown (also appended to $GITHUB_STEP_SUMMARY when set)
  --html FILE          The report as one self-contained HTML page (charts, intervals, thresholds)
  -h, --help           Show this help

Progress goes to stderr (one live line on a terminal, plain lines otherwise); results to
stdout. NO_COLOR turns colours off.

Exit codes:
  0   passed (every threshold held, or there were none)
  99  a threshold failed
  98  a significant regression against --baseline beyond --max-regression
  1   the benchmark could not be carried out (bad file, unknown key, missing scenario,
      server unreachable, API key refused, benchmark failed or was cancelled)
  2   usage error
`;

const WHERE_HELP = `Where:
  --server URL         A tfbench server; the API key is read from TFBENCH_API_KEY.
  --data DIR           Standalone: an embedded server on the database in DIR (PGlite).
  (neither)            Standalone on a temporary database, removed afterwards.`;

export const APPLY_HELP = `Usage:
  tfbench apply -f PATH [--dry-run] [--prune] [--server URL | --data DIR]

Declares automations, datasets, scenarios and saved benchmarks from PATH (a YAML or JSON
file, or a folder of them, read at any depth): each item is matched on the server by its key and created, updated or left
unchanged; an item on the server without a key and with the same name is taken over. Prints
the plan (+ create, ~ update with the fields that change, - delete, = unchanged).

The file format is the one "tfbench run" reads; a benchmark section is left aside:
  automations: [{key, name, provider?, default_inputs?, config?, ...}]
  datasets:    [{key, name, rows: [{...}, ...] | synthetic: {rows, prompt_tokens, ...}}]
  scenarios:   [{key, name, automation: KEY, inputs_template?, run_settings?, thresholds?,
                 assertions?, schedule_enabled?, ...}]
                 (a dataset by key: run_settings: {dataset: {key: KEY, order?, seed?}})
  benchmarks:  [{key, name, scenario: KEY, iterations, concurrency, arrival?, ...}]
                 (saved, not run: "tfbench run --benchmark KEY" starts one)
The document sent may be at most 4 MiB (datasets' rows count towards it).

Options:
  -f, --file PATH      The file or folder to apply
  --dry-run            Print the plan; change nothing
  --prune              Also delete the automations, datasets, scenarios and saved benchmarks
                       PATH does not declare, scenarios and automations with their runs and
                       benchmarks (needs an admin API key)
  -h, --help           Show this help

${WHERE_HELP}

Exit codes:
  0   applied (or planned, with --dry-run)
  1   not applied: a bad file (named with its line and field), a field the server refused,
      server unreachable, API key refused; nothing was changed
  2   usage error
`;

export const EXPORT_HELP = `Usage:
  tfbench export [-o DIR|FILE] [--server URL | --data DIR]

Writes the server's automations, datasets, scenarios and saved benchmarks in the format
"tfbench apply" takes, each under its key (made from its name when it has none yet), sorted by key, fields at their defaults
left out. Credentials (api_key, header values) are never exported; api_key_env is.

Options:
  -o, --out DIR|FILE   A .yaml, .yml or .json file; or a folder, written with one YAML file
                       per automation with its scenarios and their saved benchmarks
                       (KEY.yaml), and the datasets in _datasets.yaml. Default: stdout (YAML).
  -h, --help           Show this help

${WHERE_HELP}

Exit codes: 0 written, 1 server unreachable or API key refused, 2 usage error.
`;

export const COMPARE_HELP = `Usage:
  tfbench compare A B [options]

Compares benchmark B with benchmark A (the baseline) and exits 98 when B regressed.
A and B are each:
  benchmark:ID         a benchmark on the server given by --server (its report is read)
  FILE                 a summary written by "tfbench run --out FILE", or a benchmark
                       report (GET /api/v1/benchmarks/{id}/report, JSON)

Per metric it prints the median and p95 of each side, their changes with bootstrap
intervals, the Mann-Whitney U p-value and the verdict (improved, regressed,
no_significant_change), then the success rates with Newcombe's interval. The statistics
are the API's compare, computed in this process from the runs' figures.

Options:
  --server URL            The server of benchmark:ID sides (key from TFBENCH_API_KEY)
  --max-regression P      Allowed change per metric before a significant regression fails:
                          10% (every metric, the default), or per metric, e.g.
                          ttft_ms=5%,total_duration_ms=15%,success_rate=2 (success rate in
                          percentage points); itl_mean and cost_usd are checked when named
  --markdown FILE         The comparison as Markdown
  --out FILE              The comparison as JSON
  -h, --help              Show this help

Exit codes:
  0   no metric regressed significantly beyond its allowed change
  98  B regressed against A
  1   a side could not be read (no such file, not a summary or report, a summary without
      samples, server unreachable, key refused)
  2   usage error
`;

export const RUNS_HELP = `Usage:
  tfbench runs tail --server URL [--scenario ID] [--benchmark ID] [--json]

Commands:
  tail    Follow the server's runs live: one line per run status change

Run "tfbench runs tail --help" for its options.
`;

export const RUNS_TAIL_HELP = `Usage:
  tfbench runs tail --server URL [options]

Follows the server's live events (GET /api/v1/events) and prints one line per run status
change on stdout: time, run id, scenario, benchmark, status, latency (finished runs) and
error code. Reconnects by itself when the stream drops, without losing events.
Ctrl-C stops it (exit 0).

Options:
  --server URL       The tfbench server; the API key is read from TFBENCH_API_KEY
                     (any role can follow events)
  --scenario ID      Only runs of this scenario
  --benchmark ID     Only runs of this benchmark
  --json             One JSON object per line: at, run_id, scenario_id, scenario_name,
                     benchmark_id, status, total_duration_ms, error_code
  -h, --help         Show this help

Statuses are coloured on a terminal (not with NO_COLOR).

Exit codes:
  0   stopped with Ctrl-C (or the command ended normally)
  1   the server cannot be reached or refused the key
  2   usage error
`;
