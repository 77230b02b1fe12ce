// Container health probe without curl or wget (slim images have neither). One of:
//   node healthcheck.mjs http://127.0.0.1:8000/health      an HTTP GET must answer 2xx
//   node healthcheck.mjs --file <path> --max-age-s <n>     the file must exist, modified < n s ago
//   node healthcheck.mjs --tcp <host>:<port>               a TCP connection must open
// Exit 0 healthy, 1 unhealthy, with one line saying why (Docker keeps it in `docker inspect`).
import { statSync } from 'node:fs';
import { connect } from 'node:net';

const TIMEOUT_MS = 4_000;
const [first, second, third, fourth] = process.argv.slice(2);

function healthy(message) {
  process.stdout.write(`healthy: ${message}\n`);
  process.exit(0);
}

function unhealthy(message) {
  process.stdout.write(`unhealthy: ${message}\n`);
  process.exit(1);
}

function checkFile(path, maxAgeS) {
  let modified;
  try {
    modified = statSync(path).mtimeMs;
  } catch {
    unhealthy(`${path} does not exist`);
  }
  const ageS = (Date.now() - modified) / 1000;
  if (ageS > maxAgeS) unhealthy(`${path} is ${ageS.toFixed(0)} s old (max ${maxAgeS} s)`);
  healthy(`${path} is ${ageS.toFixed(0)} s old`);
}

function checkTcp(target) {
  const at = target.lastIndexOf(':');
  const host = target.slice(0, at);
  const port = Number(target.slice(at + 1));
  const socket = connect({ host, port, timeout: TIMEOUT_MS });
  socket.once('connect', () => {
    socket.destroy();
    healthy(`${target} accepts connections`);
  });
  socket.once('timeout', () => unhealthy(`${target} did not accept a connection in ${TIMEOUT_MS} ms`));
  socket.once('error', (error) => unhealthy(`${target}: ${error.message}`));
}

async function checkHttp(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    await response.body?.cancel();
    if (response.ok) healthy(`${url} answered ${response.status}`);
    unhealthy(`${url} answered ${response.status}`);
  } catch (error) {
    unhealthy(`${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

if (first === '--file' && second && third === '--max-age-s' && Number(fourth) > 0) {
  checkFile(second, Number(fourth));
} else if (first === '--tcp' && second?.includes(':')) {
  checkTcp(second);
} else if (first && /^https?:\/\//.test(first)) {
  await checkHttp(first);
} else {
  unhealthy('usage: healthcheck.mjs <http-url> | --file <path> --max-age-s <n> | --tcp <host>:<port>');
}
