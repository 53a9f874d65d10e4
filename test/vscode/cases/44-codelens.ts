// Runs in Node (end-to-end, drives the browser). The CodeLens over a diagram states its computed
// availability against the `%% @design availability=` target: below it for the first sketch
// of a URL shortener, met by the two-region store.
import { defineCase, expect } from '../support/case';
import { TIMEOUT, type Workbench } from '../support/workbench';

/**
 * The lens titles over `file` once they show `settled` (or when TIMEOUT runs out). Lenses lag
 * an edit by a lint pass: right after the previous case reverts url-shortener.mmd, the editor
 * can still show the lenses of its quick-fixed text for a moment.
 */
async function lensesOf(wb: Workbench, file: string, settled: string): Promise<string[]> {
  await wb.openFile(file);
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    const titles = (await wb.codeLenses()).flat();
    if (titles.includes(settled) || Date.now() > deadline) return titles;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export default defineCase({
  name: 'the CodeLens shows availability against the target (url-shortener below, two-region meets)',
  async run({ wb, note }) {
    const shortener = await lensesOf(wb, 'url-shortener.mmd', 'Availability 98.3991% (1.7 nines) · below the 99.99% target');
    note(`url-shortener.mmd: ${shortener.join(' | ')}`);
    expect(
      shortener.includes('Availability 98.3991% (1.7 nines) · below the 99.99% target'),
      `url-shortener.mmd CodeLens: ${shortener.join(' | ')}`,
    );
    expect(shortener.includes('1 error, 12 warnings'), `url-shortener.mmd findings lens: ${shortener.join(' | ')}`);

    const twoRegion = await lensesOf(wb, 'two-region.mmd', 'Availability 99.9998% (5.9 nines) · meets the 99.99% target');
    note(`two-region.mmd: ${twoRegion.join(' | ')}`);
    expect(
      twoRegion.includes('Availability 99.9998% (5.9 nines) · meets the 99.99% target'),
      `two-region.mmd CodeLens: ${twoRegion.join(' | ')}`,
    );
    expect(twoRegion.includes('No findings'), `two-region.mmd findings lens: ${twoRegion.join(' | ')}`);
  },
});
