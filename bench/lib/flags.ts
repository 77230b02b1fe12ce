/**
 * The command-line grammar every bench shares: `--name value`, `--name=value`, and bare
 * switches (`--help`, and any a bench names, e.g. `--no-open`), with readable errors for
 * unknown flags and out-of-range numbers.
 */

/** Flags by name (without the dashes); a switch maps to true. */
export type FlagMap = Map<string, string | true>;

/**
 * Splits argv (without node and script) into flags. Throws on anything else.
 *
 * @param switches names that take no value (`help` always is one)
 */
export function readFlags(
  argv: readonly string[],
  known: readonly string[],
  switches: readonly string[] = [],
): FlagMap {
  const flags: FlagMap = new Map();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument: ${arg}`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2);
    if (eq !== -1) {
      if (switches.includes(arg.slice(2, eq))) throw new Error(`${arg.slice(0, eq)} takes no value`);
      flags.set(arg.slice(2, eq), arg.slice(eq + 1));
    } else if (name === 'help' || switches.includes(name)) flags.set(name, true);
    else {
      const value = argv[i + 1];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      flags.set(arg.slice(2), value);
      i++;
    }
  }
  for (const name of flags.keys()) {
    if (name !== 'help' && !known.includes(name) && !switches.includes(name))
      throw new Error(`unknown option --${name}`);
  }
  return flags;
}

/** The string value of a flag, undefined when absent. */
export function flagText(flags: FlagMap, name: string): string | undefined {
  const value = flags.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** A whole number within [min, max]; undefined when the flag is absent. */
export function int(raw: string | undefined, name: string, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max)
    throw new Error(`--${name} must be an integer from ${min} to ${max}`);
  return n;
}

/** A URL whose scheme matches `scheme` (e.g. /^rediss?:\/\//); `fallback` when the flag is absent. */
export function url(raw: string | undefined, name: string, fallback: string, scheme: RegExp): string {
  const value = raw ?? fallback;
  if (!scheme.test(value)) throw new Error(`--${name} must be a URL matching ${scheme}`);
  return value;
}

/** A decimal number within [min, max] (e.g. `0.5`, `12.5`); undefined when the flag is absent. */
export function decimal(raw: string | undefined, name: string, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(raw) || n < min || n > max)
    throw new Error(`--${name} must be a number from ${min} to ${max}`);
  return n;
}

/** A comma-separated list of whole numbers within [min, max]; undefined when absent. */
export function intList(
  raw: string | undefined,
  name: string,
  min: number,
  max: number,
): number[] | undefined {
  if (raw === undefined) return undefined;
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.length === 0 || parts.some((p) => p === ''))
    throw new Error(`--${name} must be a comma-separated list`);
  return parts.map((p) => int(p, name, min, max)!);
}

/** A JSON object given as a flag's value; undefined when absent. */
export function jsonObject(raw: string | undefined, name: string): Record<string, unknown> | undefined {
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`--${name} must be a JSON object`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error(`--${name} must be a JSON object`);
  return parsed as Record<string, unknown>;
}

/**
 * A count per level from a list flag: one number for every level, one per level, or (flag
 * absent) `fallback` of each level's concurrency.
 */
export function perLevel(
  flags: FlagMap,
  name: string,
  levels: readonly number[],
  fallback: (concurrency: number) => number,
): number[] {
  const given = intList(flagText(flags, name), name, 1, 1_000_000);
  if (given === undefined) return levels.map(fallback);
  if (given.length === 1) return levels.map(() => given[0]!);
  if (given.length === levels.length) return given;
  throw new Error(`--${name} needs one number or one per level`);
}
