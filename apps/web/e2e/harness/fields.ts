/** What a form dialog says about one of its fields. */
import type { Locator } from 'playwright-core';
import { expect } from 'vitest';

/**
 * The error messages of a dialog's control, once it is marked invalid: the alerts its
 * aria-describedby points to (the control's hint is described too, but is no alert).
 */
export async function errorsOf(dialog: Locator, control: Locator): Promise<string[]> {
  await expect.poll(() => control.getAttribute('aria-invalid')).toBe('true');
  const ids = (await control.getAttribute('aria-describedby'))?.split(' ') ?? [];
  const texts = await Promise.all(
    ids.map((id) => dialog.locator(`[id="${id}"][role="alert"]`).allInnerTexts()),
  );
  return texts.flat();
}
