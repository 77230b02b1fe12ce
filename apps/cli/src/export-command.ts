/**
 * `tfbench export [-o DIR|FILE]`: the server's configuration in the file format `apply`
 * takes. To stdout by default; to one file (.yaml, .yml or .json); or to a folder, one YAML
 * file per automation with its scenarios.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseExportOptions } from './config-options.js';
import { configText, splitByAutomation } from './config-text.js';
import { connect } from './connect.js';
import { EXIT } from './errors.js';
import { EXPORT_HELP } from './help.js';
import type { CliIo } from './io.js';

export async function exportCommand(args: string[], io: CliIo): Promise<number> {
  const options = parseExportOptions(args);
  if (options.help) {
    io.stdout.write(EXPORT_HELP);
    return EXIT.passed;
  }
  const connection = await connect(
    { server: options.server, dataDir: options.dataDir && path.resolve(io.cwd, options.dataDir) },
    io,
  );
  let document: Awaited<ReturnType<typeof connection.client.exportConfig>>;
  try {
    document = await connection.client.exportConfig();
  } finally {
    await connection.close();
  }
  if (options.out === undefined) {
    io.stdout.write(configText(document, 'yaml'));
    return EXIT.passed;
  }
  const out = path.resolve(io.cwd, options.out);
  const extension = path.extname(out).toLowerCase();
  if (['.yaml', '.yml', '.json'].includes(extension)) {
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, configText(document, extension === '.json' ? 'json' : 'yaml'));
    io.stderr.write(`tfbench: wrote ${out}\n`);
    return EXIT.passed;
  }
  await mkdir(out, { recursive: true });
  const files = splitByAutomation(document);
  for (const [name, part] of files) await writeFile(path.join(out, name), configText(part, 'yaml'));
  io.stderr.write(`tfbench: wrote ${files.size} file(s) to ${out}\n`);
  return EXIT.passed;
}
