/**
 * The server takes a configuration document of at most CONFIG_LIMITS.maxBodyBytes (4 MiB) in
 * one apply. A document over it is refused here, before any server is asked, naming the
 * biggest datasets (their rows are what usually makes a document big) at their file and line.
 */
import { CONFIG_LIMITS } from '@tfbench/contract';
import type { ConfigFiles } from './config-files.js';
import { CliError } from './errors.js';

const MIB = 1024 * 1024;

export function checkDocumentSize(config: ConfigFiles): void {
  // The body an apply sends: the document and its options.
  const bytes = Buffer.byteLength(
    JSON.stringify({ document: config.document, prune: false, dry_run: false }),
  );
  if (bytes <= CONFIG_LIMITS.maxBodyBytes) return;
  const biggest = (config.document.datasets ?? [])
    .map((dataset, index) => ({ index, bytes: Buffer.byteLength(JSON.stringify(dataset)) }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 3)
    .map(
      ({ index, bytes: size }) => `${config.locateApiField(`document.datasets.${index}`)} (${mib(size)} MiB)`,
    );
  const where = biggest.length > 0 ? `; the biggest datasets:\n  ${biggest.join('\n  ')}` : '';
  throw new CliError(
    `the configuration is ${mib(bytes)} MiB as JSON; the server takes at most ${mib(CONFIG_LIMITS.maxBodyBytes)} MiB in one apply (datasets' rows count towards it)${where}`,
  );
}

function mib(bytes: number): string {
  if (bytes > 0 && bytes < MIB / 100) return '< 0.01';
  return (bytes / MIB).toFixed(2).replace(/\.?0+$/, '');
}
