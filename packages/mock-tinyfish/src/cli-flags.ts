/** Flags as both mock CLIs read them: `--name value`, `--name=value`, or a bare switch. */
export interface CliFlags {
  has(name: string): boolean;
  /** The flag's value, else the environment variable's (an empty one counts as unset). */
  text(flag: string, envName?: string): string | undefined;
  /** `text` as a whole number in [min, max]; throws naming the flag otherwise. */
  int(flag: string, envName: string | undefined, min: number, max: number): number | undefined;
}

/**
 * Reads argv (without node and script). `known` lists every accepted flag; `switches` those that
 * take no value. Throws on a positional argument, an unknown flag or a missing value.
 */
export function readCliFlags(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  known: readonly string[],
  switches: readonly string[],
): CliFlags {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument: ${arg}`);
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (!known.includes(name)) throw new Error(`Unknown option --${name}`);
    if (eq !== -1) flags.set(name, arg.slice(eq + 1));
    else if (switches.includes(name)) flags.set(name, true);
    else {
      const value = argv[i + 1];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      flags.set(name, value);
      i++;
    }
  }
  const text = (flag: string, envName?: string): string | undefined => {
    const v = flags.get(flag);
    if (typeof v === 'string') return v;
    return envName ? env[envName] || undefined : undefined;
  };
  const int = (flag: string, envName: string | undefined, min: number, max: number): number | undefined => {
    const raw = text(flag, envName);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max)
      throw new Error(`--${flag} must be an integer from ${min} to ${max}`);
    return n;
  };
  return { has: (name) => flags.has(name), text, int };
}
