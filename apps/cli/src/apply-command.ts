/**
 * `tfbench apply -f PATH`: read the file or folder, send its automations, datasets, scenarios
 * and saved benchmarks to the server's configuration apply (matched by key; --dry-run only
 * plans; --prune deletes what the files do not declare), and print the plan it carried out. A field the server refuses is
 * reported at its file and line, as the file's own checks are.
 */
import path from 'node:path';
import { ApiRefusal } from './api-client.js';
import { type ConfigFiles, loadConfigFiles } from './config-files.js';
import { parseApplyOptions } from './config-options.js';
import { connect } from './connect.js';
import { checkDocumentSize } from './document-size.js';
import { CliError, EXIT } from './errors.js';
import { APPLY_HELP } from './help.js';
import type { CliIo } from './io.js';
import { renderPlan } from './render-plan.js';

export async function applyCommand(args: string[], io: CliIo): Promise<number> {
  const options = parseApplyOptions(args);
  if (options.help || options.file === undefined) {
    io.stdout.write(APPLY_HELP);
    return EXIT.passed;
  }
  const config = await loadConfigFiles(path.resolve(io.cwd, options.file));
  checkDocumentSize(config);
  for (const file of config.files) {
    if (file.contents.benchmark) {
      io.stderr.write(
        `tfbench: ${file.path}: the benchmark section is for "tfbench run"; apply leaves it aside\n`,
      );
    }
  }
  if (!options.server && !options.dataDir && !options.dryRun) {
    io.stderr.write(
      'tfbench: no --server or --data: applying to a temporary database that is removed afterwards\n',
    );
  }
  const connection = await connect(
    { server: options.server, dataDir: options.dataDir && path.resolve(io.cwd, options.dataDir) },
    io,
  );
  try {
    const plan = await connection.client
      .applyConfig({ document: config.document, prune: options.prune, dry_run: options.dryRun })
      .catch((error: unknown) => {
        throw placed(error, config);
      });
    io.stdout.write(renderPlan(plan, { dryRun: options.dryRun }));
    return EXIT.passed;
  } finally {
    await connection.close();
  }
}

/** A 400 whose fields lie in the files: each at its `file:line: field`, with the reason. */
function placed(error: unknown, config: ConfigFiles): unknown {
  if (!(error instanceof ApiRefusal) || error.status !== 400) return error;
  const lines = error.fields.flatMap((issue) => {
    const where = config.locateApiField(issue.field);
    return where ? [`${where}: ${issue.message}`] : [];
  });
  if (lines.length === 0) return error;
  return new CliError(`the server refused the configuration:\n  ${lines.join('\n  ')}`);
}
