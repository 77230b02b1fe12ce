/**
 * What a document must hold before anything is compared: keys unique per kind, names unique
 * per kind (the server's rule: ignoring case and surrounding spaces), and every scenario's
 * automation declared in the same document. Every problem is a field issue naming its place,
 * e.g. `document.scenarios.2.automation`.
 */
import type { ConfigDocument } from '@tfbench/contract';
import { type FieldIssue, ValidationError } from '@tfbench/domain/errors';
import { nameKey } from '../services/unique-name.js';

export function checkDocument(document: ConfigDocument): void {
  const issues: FieldIssue[] = [];
  const automationKeys = uniqueFields(document.automations, 'automations', issues);
  uniqueFields(document.scenarios, 'scenarios', issues);
  document.scenarios.forEach((scenario, index) => {
    if (!automationKeys.has(scenario.automation)) {
      issues.push({
        field: `document.scenarios.${index}.automation`,
        message: `names the automation key "${scenario.automation}", which the document does not declare`,
      });
    }
  });
  if (issues.length > 0) throw new ValidationError(issues);
}

function uniqueFields(
  items: ReadonlyArray<{ key: string; name: string }>,
  kind: string,
  issues: FieldIssue[],
): Set<string> {
  const keys = new Set<string>();
  const names = new Set<string>();
  items.forEach((item, index) => {
    if (keys.has(item.key))
      issues.push({ field: `document.${kind}.${index}.key`, message: `duplicate key "${item.key}"` });
    if (names.has(nameKey(item.name)))
      issues.push({ field: `document.${kind}.${index}.name`, message: `duplicate name "${item.name}"` });
    keys.add(item.key);
    names.add(nameKey(item.name));
  });
  return keys;
}
