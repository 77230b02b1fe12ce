import { createHash } from 'node:crypto';
import { isoOf } from '../clock.js';
import { type RequestContext, sendJson } from '../http-util.js';
import { isTerminal } from '../run-record.js';
import type { MockState } from '../state.js';
import { envelope } from '../wire.js';

/**
 * The live browser view a run's `streaming_url` points at. The real API hands out a page that
 * shows the agent's browser; the mock has no browser, so its page shows what it does have: the
 * goal, the status and each step as it happens. Like the real viewer link it needs no API key
 * (the run id is the secret), and it is made to be embedded: a dashboard shows it in an iframe.
 */

const RUN_ID = /^[A-Za-z0-9_-]{1,200}$/;

/**
 * Reads the run's state next to the page (`<page>/state`) twice a second until the run ends,
 * writing only through textContent: the goal and the steps are the caller's text.
 */
const SCRIPT = `(() => {
  const $ = (id) => document.getElementById(id);
  const source = location.pathname.replace(/\\/+$/, '') + '/state';
  const render = (s) => {
    $('status').textContent = s.status;
    $('status').dataset.status = s.status;
    $('goal').textContent = s.goal;
    $('address').textContent = s.url || 'about:blank';
    const list = $('steps');
    list.replaceChildren(...s.steps.map((step, i) => {
      const li = document.createElement('li');
      li.textContent = (i + 1) + '. ' + step.action;
      return li;
    }));
    $('waiting').hidden = s.steps.length > 0 || s.finished;
    return s.finished;
  };
  const poll = async () => {
    try {
      const response = await fetch(source, { cache: 'no-store' });
      if (response.status === 404) { $('status').textContent = 'unknown run'; return; }
      if (render(await response.json())) return;
    } catch {}
    setTimeout(poll, 500);
  };
  poll();
})();`;

const SCRIPT_HASH = createHash('sha256').update(SCRIPT).digest('base64');

const STYLE = `
:root { color-scheme: light dark; font: 14px/1.4 system-ui, sans-serif; }
body { margin: 0; padding: 12px; background: Canvas; color: CanvasText; }
.bar { display: flex; gap: 8px; align-items: center; padding: 6px 10px; border-radius: 6px; background: color-mix(in srgb, CanvasText 8%, Canvas); font-family: ui-monospace, monospace; font-size: 12px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.status { font-weight: 600; }
.status[data-status="COMPLETED"] { color: #16a34a; }
.status[data-status="FAILED"], .status[data-status="CANCELLED"] { color: #dc2626; }
h1 { font-size: 13px; font-weight: 500; margin: 10px 0 4px; opacity: .7; }
p, ol { margin: 4px 0; }
ol { padding-left: 0; list-style: none; }
li { padding: 2px 0; }
`;

/**
 * Headers that let any page frame this one (the dashboard runs on another origin) while the
 * page itself may run only its own script and talk only to this server.
 */
const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': [
    "default-src 'none'",
    `script-src 'sha256-${SCRIPT_HASH}'`,
    "style-src 'unsafe-inline'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    'frame-ancestors *',
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Live view (mock TinyFish)</title>
<style>${STYLE}</style>
</head>
<body>
<div class="bar"><span class="status" id="status">connecting</span><span id="address"></span></div>
<h1>Goal</h1>
<p id="goal"></p>
<h1>Steps</h1>
<p id="waiting">Waiting for the agent's first step…</p>
<ol id="steps"></ol>
<script>${SCRIPT}</script>
</body>
</html>
`;

/** GET /stream/{id}: the live view page (the same page for every run; it reads its run's state). */
export function handleLiveViewPage(state: MockState, ctx: RequestContext, id: string): void {
  const known = RUN_ID.test(id) && state.store.getAny(id) !== undefined;
  const status = known ? 200 : 404;
  ctx.log.status = status;
  ctx.stats.response(status);
  const body = known ? PAGE : PAGE.replace('connecting', 'unknown run');
  ctx.res.writeHead(status, { ...PAGE_HEADERS, 'Content-Length': String(Buffer.byteLength(body)) });
  ctx.res.end(body);
}

/** GET /stream/{id}/state: what the live view page shows, as JSON. */
export function handleLiveViewState(state: MockState, ctx: RequestContext, id: string): void {
  const entry = RUN_ID.test(id) ? state.store.getAny(id) : undefined;
  if (!entry) {
    sendJson(ctx, 404, envelope('NOT_FOUND', 'Run not found'));
    return;
  }
  const run = entry.record;
  sendJson(
    ctx,
    200,
    {
      run_id: run.run_id,
      status: run.status,
      finished: isTerminal(run.status),
      goal: run.goal,
      url: run.url,
      started_at: run.started_epoch_ms === null ? null : isoOf(run.started_epoch_ms),
      steps: run.steps.map((s) => ({ action: s.action, at: isoOf(s.epoch_ms) })),
    },
    { 'Cache-Control': 'no-store' },
  );
}
