// Runs in Node (end-to-end, drives the browser). A single load balancer gets a light bulb with
// a preferred fix; applying it from the quick fix menu annotates the node as an active-passive
// pair, and the redundancy/load-balancer finding leaves the Problems panel. The file is
// reverted afterwards.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineCase, expect } from '../support/case';
import { TIMEOUT } from '../support/workbench';
import { sdlabLint } from '../support/sdlab';

const FILE = 'url-shortener.mmd';
const RULE = 'redundancy/load-balancer';
const FIX = 'Run Load balancer as an active-passive pair (replicas=2 mode=active-passive)';

export default defineCase({
  name: 'url-shortener.mmd: the light bulb on `lb` runs it as an active-passive pair and its finding goes',
  async run({ wb, page, examples, note }) {
    // Where sdlab lint puts the finding (line 10, column 11 today).
    const finding = (await sdlabLint(FILE, examples)).findings.find((f) => f.rule === RULE);
    expect(finding, `sdlab lint reports no ${RULE} in ${FILE}`);
    const line = finding.range.start.line + 1;
    const column = finding.range.start.character + 1;

    const path = join(examples, FILE);
    const original = readFileSync(path, 'utf8');
    await wb.openFile(FILE);
    const before = await wb.waitForProblemMarkers(FILE, (rows) => rows.some((r) => r.code === RULE));
    await wb.goTo(line, column);
    // A preferred fix on offer: the light bulb shows its auto-fix variant.
    await wb.lightBulb().and(page.locator('.codicon-lightbulb-autofix')).waitFor({ state: 'visible', timeout: TIMEOUT });
    const titles = await wb.quickFixes();
    note(`quick fixes at ${line}:${column}: ${titles.join(' | ')}`);
    expect(titles.includes(FIX), `no "${FIX}" among the quick fixes:\n${titles.join('\n')}`);
    expect(titles[0] === FIX, `"${FIX}" is not the first (preferred) quick fix:\n${titles.join('\n')}`);

    try {
      await wb.applyQuickFix(FIX);
      // The node is annotated in the text (its existing `%% @lb` line or a new one).
      const annotated = wb.editorLine(/%%\s*@lb\b.*replicas=2.*mode=active-passive|%%\s*@lb\b.*mode=active-passive.*replicas=2/);
      await annotated.waitFor({ state: 'visible', timeout: TIMEOUT });
      note(`the fix wrote: ${(await annotated.innerText()).replace(/\s+/g, ' ').trim()}`);
      const after = await wb.waitForProblemMarkers(FILE, (rows) => rows.length > 0 && !rows.some((r) => r.code === RULE));
      note(`Problems rows for ${FILE}: ${before.length} before the fix, ${after.length} after, none ${RULE}`);
      expect(after.some((r) => r.code === 'redundancy/db-replication'), 'the other findings went too: the panel is not showing the file');
    } finally {
      // The web workbench saves after a delay by default (files.autoSave: afterDelay), so the fix
      // may be on disk already: put the file back as it was, then have the editor reload it.
      if (readFileSync(path, 'utf8') !== original) writeFileSync(path, original);
      await wb.runCommand('File: Revert File');
      await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: TIMEOUT });
      await wb.editorLine(/%%\s*@lb\b/).filter({ hasNotText: 'replicas' }).waitFor({ state: 'visible', timeout: TIMEOUT });
      // And the extension has linted the reverted text: the next case finds the file as it was.
      await wb.waitForProblemMarkers(FILE, (rows) => rows.some((r) => r.code === RULE));
    }
  },
});
