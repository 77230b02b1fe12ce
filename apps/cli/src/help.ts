/** The --help texts. */

export const MAIN_HELP = `Usage: tfbench <command> [options]

Commands:
  run     Run a benchmark and gate on its thresholds
  report  Write a finished benchmark's report (HTML, JSON, Markdown)

Options:
  -h, --help     Show help (also: tfbench <command> --help)
  -v, --version  Show the version

Exit codes: 0 passed, 99 a threshold failed, 98 regressed against the baseline,
1 could not be carried out, 2 usage error.
`;

export const RUN_HELP = `Usage:
  tfbench run FILE [options]
  tfbench run --scenario ID [--iterations N --concurrency N ...] --server URL

Runs a benchmark, prints a summary table on stdout and exits with its verdict.

FILE is YAML or JSON with automations and scenarios (each with a key) and a benchmark:
  automations: [{key, name, provider?, default_inputs?, ...}]
  scenarios:   [{key, name, automation: KEY, inputs_template?, thresholds?, ...}]
  benchmark:   {scenario: KEY, iterations, concurrency, arrival?, rate_per_s?, ...}

Where it runs:
  --server URL         A tfbench server; the API key is read from TFBENCH_API_KEY.
                       The file's automation and scenario are found by name and updated,
                       or created.
  (no --server)        Standalone: an embedded server in this process (PGlite in a
                       temporary folder, in-process queue, mock TinyFish unless
                       TINYFISH_API_KEY is set).
  --data DIR           Standalone: keep the database in DIR instead.

Benchmark (override the file's benchmark section):
  --scenario ID        A scenario key of FILE, or without FILE a scenario id on the server
  --iterations N       Measured runs
  --concurrency N      Runs in flight at once
  --arrival KIND       closed (default), constant or poisson
  --rate N             Arrivals per second (constant, poisson)

Baseline:
  --baseline benchmark:ID   Compare with a benchmark on the same server (bootstrap intervals,
                            Mann-Whitney U); exit 98 on a significant regression
  --max-regression P        Allowed change of a metric's median, in percent (default 10%;
                            success rate: percentage points)

Outputs:
  --out FILE           The result as JSON
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
