/**
 * HTML that escapes by default. Every value interpolated into `html` is escaped unless it is
 * itself the result of `html` (or `trusted`, for markup built here such as SVG paths), so a
 * benchmark named `<script>…` or an upstream error message full of markup comes out as text.
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe inside an element or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

/** Markup known to be safe: produced by `html` from escaped values and literal template text. */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Interpolated = SafeHtml | string | number | boolean | null | undefined | readonly Interpolated[];

function render(value: Interpolated): string {
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * @example
 * html`<td>${name}</td>`.text; // name `<b>` gives `<td>&lt;b&gt;</td>`
 */
export function html(strings: TemplateStringsArray, ...values: Interpolated[]): SafeHtml {
  let out = strings[0] as string;
  for (let i = 0; i < values.length; i++) out += render(values[i] as Interpolated) + strings[i + 1];
  return new SafeHtml(out);
}

/** Markup assembled here from numbers and fixed words only (SVG path data, say). */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
