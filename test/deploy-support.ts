/**
 * Shared helpers of the deployment tests (test/deploy-*.test.ts): reading the repository's
 * deployment files, running commands, and a small Dockerfile reader.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const repoRoot = path.resolve(import.meta.dirname, '..');

export function readRepoFile(relative: string): string {
  return readFileSync(path.join(repoRoot, relative), 'utf8');
}

/** Parse a YAML file of the repository; duplicate keys and other YAML errors throw. */
export function readYaml(relative: string): unknown {
  return parse(readRepoFile(relative), { uniqueKeys: true, prettyErrors: true });
}

/** The root package.json's scripts. */
export function rootScripts(): Record<string, string> {
  return (JSON.parse(readRepoFile('package.json')) as { scripts: Record<string, string> }).scripts;
}

/** Every `npm run <script>` in a shell command line, with the workspace of `-w <workspace>` if any. */
export function npmRunScripts(command: string): { script: string; workspace: string | undefined }[] {
  const found: { script: string; workspace: string | undefined }[] = [];
  for (const segment of command.split(/&&|\|\||;|\n/)) {
    const tokens = segment.trim().split(/\s+/);
    const at = tokens.findIndex((token, i) => token === 'run' && tokens[i - 1] === 'npm');
    if (at === -1) continue;
    let script: string | undefined;
    let workspace: string | undefined;
    for (let i = at + 1; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token === '-w' || token === '--workspace') workspace = tokens[++i];
      else if (token.startsWith('--workspace=')) workspace = token.slice('--workspace='.length);
      else if (token === '--') break;
      else if (!token.startsWith('-') && script === undefined) script = token;
    }
    if (script) found.push({ script, workspace });
  }
  return found;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

/** Run a command to completion (killed after timeoutMs) and collect its output. */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? repoRoot,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export interface DockerStage {
  /** Stage name (`AS name`), or its index when unnamed. */
  name: string;
  /** The image or stage it starts from. */
  from: string;
  /** Instructions after FROM, continuation lines joined, comments dropped. */
  instructions: { keyword: string; args: string }[];
}

/** A Dockerfile's stages in order. ARG defaults are substituted in FROM lines. */
export function dockerStages(text: string): DockerStage[] {
  const lines = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const args = new Map<string, string>();
  const stages: DockerStage[] = [];
  for (const line of lines) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const upper = keyword.toUpperCase();
    const argText = rest.join(' ');
    if (upper === 'ARG' && stages.length === 0) {
      const [name, value] = argText.split('=');
      if (name && value !== undefined) args.set(name, value);
    } else if (upper === 'FROM') {
      const match = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(argText);
      if (!match) throw new Error(`unreadable FROM line: ${line}`);
      const from = match[1]!.replace(/\$\{(\w+)\}/g, (_, name: string) => args.get(name) ?? '');
      stages.push({ name: match[2] ?? String(stages.length), from, instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`instruction before FROM: ${line}`);
      stage.instructions.push({ keyword: upper, args: argText });
    }
  }
  return stages;
}

/** A stage and the stages it is built on, nearest first (its image's ancestry within the file). */
export function stageChain(stages: readonly DockerStage[], name: string): DockerStage[] {
  const chain: DockerStage[] = [];
  for (let stage = stages.find((s) => s.name === name); stage; ) {
    chain.push(stage);
    const parent = stage.from;
    stage = stages.find((s) => s.name === parent);
  }
  return chain;
}
