/** CPU time of another process, for benches that spawn the mock or workers. */
import { readFileSync } from 'node:fs';

/** utime + stime of a process from /proc, ms (Linux; 100 ticks per second). Null elsewhere or once it exited. */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
