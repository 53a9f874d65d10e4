// Runs in Node (end-to-end, drives the browser). The CodeLens over a diagram states its computed
// availability against the `%% @design availability=` target: below it for the first sketch
// of a URL shortener, met by the two-region store.
import { defineCase, expect } from '../support/case';
import type { Workbench } from '../support/workbench';

async function lensesOf(wb: Workbench, file: string): Promise<string[]> {
  await wb.openFile(file);
  const lines = await wb.codeLenses();
  return lines.flat();
}

export default defineCase({
  name: 'the CodeLens shows availability against the target (url-shortener below, two-region meets)',
  async run({ wb, note }) {
    const shortener = await lensesOf(wb, 'url-shortener.mmd');
    note(`url-shortener.mmd: ${shortener.join(' | ')}`);
    expect(
      shortener.includes('Availability 98.3991% (1.7 nines) · below the 99.99% target'),
      `url-shortener.mmd CodeLens: ${shortener.join(' | ')}`,
    );
    expect(shortener.includes('1 error, 12 warnings'), `url-shortener.mmd findings lens: ${shortener.join(' | ')}`);

    const twoRegion = await lensesOf(wb, 'two-region.mmd');
    note(`two-region.mmd: ${twoRegion.join(' | ')}`);
    expect(
      twoRegion.includes('Availability 99.9998% (5.9 nines) · meets the 99.99% target'),
      `two-region.mmd CodeLens: ${twoRegion.join(' | ')}`,
    );
    expect(twoRegion.includes('No findings'), `two-region.mmd findings lens: ${twoRegion.join(' | ')}`);
  },
});
