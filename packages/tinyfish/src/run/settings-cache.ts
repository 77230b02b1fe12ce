/**
 * Resolved run settings, remembered by content. A benchmark sends the same settings run
 * after run; validating them with zod each time costs more than the rest of a run's setup.
 * The key is an exact encoding of the settings value (distinct values never share a key),
 * so a hit returns what `resolveRunSettings` would return for it. Values that cannot be
 * encoded exactly (functions, class instances, deep nesting) are resolved every time.
 */
import { type ResolvedRunSettings, type RunSettings, resolveRunSettings } from '@tfbench/domain/provider';

/** Entries kept before the cache starts over: settings are few, this only bounds memory. */
const MAX_ENTRIES = 256;
/** Nesting deeper than this is not encoded (settings are two levels deep). */
const MAX_DEPTH = 4;

export class ResolvedSettingsCache {
  private readonly entries = new Map<string, ResolvedRunSettings>();

  /** `resolveRunSettings(settings ?? {})`, shared and frozen; throws as it does. */
  resolve(settings: RunSettings | undefined): ResolvedRunSettings {
    const key = settings === undefined ? '{}' : encode(settings, 0);
    if (key !== null) {
      const hit = this.entries.get(key);
      if (hit !== undefined) return hit;
    }
    const resolved = resolveRunSettings(settings ?? {});
    Object.freeze(resolved.retry);
    Object.freeze(resolved);
    if (key !== null) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, resolved);
    }
    return resolved;
  }
}

/** An injective text encoding of plain JSON-like data; null for anything else. */
function encode(value: unknown, depth: number): string | null {
  switch (typeof value) {
    case 'undefined':
      return 'u';
    case 'boolean':
      return value ? 't' : 'f';
    case 'number':
      // String() keeps NaN, Infinity and -Infinity apart from null, unlike JSON.
      return `d${String(value)}`;
    case 'string':
      return `s${JSON.stringify(value)}`;
    case 'object': {
      if (value === null) return 'n';
      if (depth >= MAX_DEPTH) return null;
      if (Array.isArray(value)) {
        let out = '[';
        for (const item of value) {
          const part = encode(item, depth + 1);
          if (part === null) return null;
          out += `${part},`;
        }
        return `${out}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return null;
      let out = '{';
      for (const key of Object.keys(value)) {
        const part = encode((value as Record<string, unknown>)[key], depth + 1);
        if (part === null) return null;
        out += `${JSON.stringify(key)}:${part},`;
      }
      return `${out}}`;
    }
    default:
      return null;
  }
}
