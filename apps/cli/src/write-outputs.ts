/** The result files a run was asked for, and the GitHub Actions job summary when there is one. */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CliError } from './errors.js';
import { renderJunit } from './render-junit.js';
import { renderMarkdown } from './render-markdown.js';
import type { RunResult } from './run-result.js';

export interface OutputTargets {
  out?: string;
  junit?: string;
  markdown?: string;
  /** The HTML report, fetched from the server only when asked for. */
  html?: { file: string; fetch: () => Promise<string> };
  /** $GITHUB_STEP_SUMMARY: the markdown is appended, as GitHub Actions expects. */
  stepSummary?: string;
}

export async function writeOutputs(result: RunResult, targets: OutputTargets): Promise<void> {
  const markdown = renderMarkdown(result);
  if (targets.out) await write(targets.out, `${JSON.stringify(result, null, 2)}\n`);
  if (targets.junit) await write(targets.junit, renderJunit(result));
  if (targets.markdown) await write(targets.markdown, markdown);
  if (targets.html) await write(targets.html.file, await targets.html.fetch());
  if (targets.stepSummary) {
    try {
      await appendFile(targets.stepSummary, `${markdown}\n`);
    } catch (error) {
      throw new CliError(`cannot append to GITHUB_STEP_SUMMARY (${targets.stepSummary}): ${reason(error)}`);
    }
  }
}

async function write(file: string, text: string): Promise<void> {
  try {
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await writeFile(file, text);
  } catch (error) {
    throw new CliError(`cannot write ${file}: ${reason(error)}`);
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Write a result file, creating its folder; a failure is exit 1 naming the file. */
export const writeText = write;
