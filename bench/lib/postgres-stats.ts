/**
 * What the database server did for one bench database: transactions committed (each one a
 * WAL flush with the default synchronous_commit) and the CPU of the server processes serving
 * it. Per run, these say what a run costs the database, which the engine's throughput is
 * bounded by once its own process is not the limit.
 */
import pg from 'pg';
import { processCpuMs } from './process-cpu.js';

export interface PostgresSample {
  /**
   * xact_commit of pg_stat_database. Busy backends report at most once a second, so the
   * count lags by up to a second's worth of commits: under 2 % of a phase of a minute.
   */
  commits: number;
  /** utime + stime of each backend connected to the database now, by pid (ms). */
  backendCpuMs: Map<number, number>;
}

/** Reads the counters of database `name` through the maintenance database at `adminUrl`. */
export async function samplePostgres(adminUrl: string, name: string): Promise<PostgresSample> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    const stats = await client.query<{ commits: string }>(
      'select xact_commit::text as commits from pg_stat_database where datname = $1',
      [name],
    );
    const backends = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = $1',
      [name],
    );
    const backendCpuMs = new Map<number, number>();
    for (const { pid } of backends.rows) {
      const cpu = processCpuMs(pid);
      if (cpu !== null) backendCpuMs.set(pid, cpu);
    }
    return { commits: Number(stats.rows[0]?.commits ?? 0), backendCpuMs };
  } finally {
    await client.end();
  }
}

export interface PostgresFigures {
  commits: number;
  /**
   * CPU of the backends serving the database between the two samples, ms: backends seen
   * at the end, minus what those that existed at the start had used then. Null when none
   * could be read (a server on another machine). Backends that ended in between are missed.
   */
  backendCpuMs: number | null;
}

export function postgresDelta(before: PostgresSample, after: PostgresSample): PostgresFigures {
  let cpu = 0;
  for (const [pid, ms] of after.backendCpuMs) cpu += ms - (before.backendCpuMs.get(pid) ?? 0);
  return {
    commits: after.commits - before.commits,
    backendCpuMs: after.backendCpuMs.size === 0 ? null : cpu,
  };
}
