// Runs in Node (end-to-end, drives the browser). System Design: Estimate QPS walks through its
// inputs one box at a time; 100M daily users making 10 requests a day, the rest left at their
// defaults, opens a `QPS estimate.md` tab that reads 11,574 QPS on average.
import { defineCase, expect } from '../support/case';
import { TIMEOUT } from '../support/workbench';

export default defineCase({
  name: 'Estimate QPS: 100M DAU × 10 requests/day opens "QPS estimate.md" with 11,574 QPS',
  async run({ wb, page, note }) {
    await wb.runCommand('System Design: Estimate QPS');
    await wb.answerInputStep('Estimate QPS (1/4)', '100M');
    await wb.answerInputStep('Estimate QPS (2/4)', '10');
    // Peak factor and read share: Enter keeps the defaults (2, 90%).
    await wb.answerInputStep('Estimate QPS (3/4)');
    await wb.answerInputStep('Estimate QPS (4/4)');

    const tab = page.locator('.tabs-container .tab.active[data-resource-name="QPS estimate.md"]');
    await tab.waitFor({ state: 'visible', timeout: TIMEOUT });
    const editor = page.locator('.editor-group-container.active .monaco-editor').first();
    const line = editor.locator('.view-lines .view-line', { hasText: '11,574 QPS' }).first();
    await line.waitFor({ state: 'visible', timeout: TIMEOUT });
    const text = (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
    expect(text.includes('23,148 QPS'), `no peak (23,148 QPS) in QPS estimate.md:\n${text.slice(0, 800)}`);
    note(`QPS estimate.md: ${(await line.innerText()).replace(/\s+/g, ' ').trim()}`);
  },
});
