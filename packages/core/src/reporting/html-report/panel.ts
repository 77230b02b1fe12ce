/** The report's building blocks around a chart or a table: a titled panel and a legend. */
import { html, type SafeHtml } from './escape.js';

/** A titled section; `wide` spans both columns. */
export function panel(
  title: string,
  body: SafeHtml,
  options: { hint?: string; wide?: boolean; id?: string } = {},
): SafeHtml {
  return html`<section class="panel${options.wide ? ' wide' : ''}"${options.id ? html` id="${options.id}"` : ''}><h2>${title}</h2>${
    options.hint ? html`<p class="hint">${options.hint}</p>` : ''
  }${body}</section>`;
}

/** Swatches with their labels, under a chart. */
export function legend(items: ReadonlyArray<[string, string]>): SafeHtml {
  return html`<ul class="legend">${items.map(([tone, label]) => html`<li><span class="swatch ${tone}"></span>${label}</li>`)}</ul>`;
}
