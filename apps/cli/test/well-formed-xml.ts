/**
 * A small well-formedness check of the XML the CLI writes (no XML parser among the
 * dependencies): one declaration, one root, every tag closed in order, attributes quoted,
 * and no raw `<` or `&` in text or attribute values.
 */
export function wellFormedProblems(xml: string): string[] {
  const problems: string[] = [];
  const body = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  if (body === xml) problems.push('no XML declaration');
  const stack: string[] = [];
  let roots = 0;
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let match = tag.exec(body); match; match = tag.exec(body)) {
    const text = body.slice(last, match.index);
    if (/[<]|&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(text)) problems.push(`bad text: ${text}`);
    for (const value of (match[3] ?? '').matchAll(/="([^"]*)"/g)) {
      if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(value[1] ?? ''))
        problems.push(`bad attribute: ${value[1]}`);
    }
    const [, closing, name = '', , selfClosing] = match;
    if (stack.length === 0 && !closing) roots++;
    if (closing) {
      if (stack.pop() !== name) problems.push(`</${name}> closes nothing open`);
    } else if (!selfClosing) stack.push(name);
    last = match.index + match[0].length;
  }
  if (body.slice(last).trim() !== '') problems.push('text after the root');
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(', ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
