// Runs in Node (end-to-end, drives the browser). The workbench opens examples/ with our
// extension installed and enabled: what a person sees first after `npm start`.
import { readdirSync } from 'node:fs';
import { defineCase, expect } from '../support/case';
import { TIMEOUT } from '../support/workbench';

export default defineCase({
  name: 'the workbench opens examples/ with System Design Lab installed and enabled',
  async run({ wb, page, examples, manifest, note }) {
    const files = readdirSync(examples).filter((f) => !f.startsWith('.'));
    for (const f of files) await wb.explorerRow(f).first().waitFor({ state: 'visible', timeout: TIMEOUT });
    note(`Explorer lists all ${files.length} entries of examples/`);

    // The Extensions view, filtered to enabled extensions, lists ours.
    await wb.runCommand('View: Show Extensions');
    const search = page.locator('.extensions-viewlet .suggest-input-container .monaco-editor');
    await search.waitFor({ state: 'visible', timeout: TIMEOUT });
    await search.click();
    await page.keyboard.type(`@enabled ${manifest.displayName}`);
    const row = page
      .locator('.extensions-viewlet .extensions-list .monaco-list-row')
      .filter({ has: page.locator('.extension-list-item .name', { hasText: manifest.displayName }) })
      .first();
    await row.waitFor({ state: 'visible', timeout: TIMEOUT });
    expect(
      (await row.locator('.extension-list-item.disabled').count()) === 0,
      `${manifest.displayName} is listed but disabled`,
    );
    await wb.screenshot('extensions-view');
    // Leave the Explorer in front for the next cases.
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Backspace');
    await wb.runCommand('View: Show Explorer');
  },
});
