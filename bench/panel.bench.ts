// Runs in Node (`npm run bench -- panel`). The simulator panel in headless chromium, launched
// the way the browser tests do: Mermaid's render time for 15-, 50- and 200-node tiered
// designs, the time from an edit to the new diagram on screen, and the time to draw one frame
// of simulation state onto a 200-node diagram. Figures are printed, never asserted.
import { chromiumMissing, ensureBuilt, launch, measures, median, openPanel, waitForDiagram } from '../test/webview/support/browser';
import { tieredDesign } from '../test/webview/support/designs';
import { fmtMs, table } from './support';
import { runSimulationFrames } from '../test/webview/support/simulation';

const EDITS = 5;

async function main(): Promise<void> {
  const missing = chromiumMissing();
  if (missing) {
    console.log(`panel bench SKIPPED: ${missing}`);
    return;
  }
  ensureBuilt();
  const browser = await launch();
  try {
    const rows: (string | number)[][] = [];
    for (const n of [15, 50, 200]) {
      const text = tieredDesign(n);
      const p = await openPanel(browser, { text, fileName: `tiered-${n}.mmd` });
      await waitForDiagram(p.page, n, 120_000);
      // Each edit renames one service: Mermaid must draw it again.
      for (let i = 1; i <= EDITS; i++) {
        await p.edit(text.replace('Service 1.1 x3', `Service 1.1 v${i} x3`));
        await p.page.waitForFunction((v) => document.querySelector('#diagram [data-sdl-id="svc0_0"]')?.textContent?.includes(`v${v}`), i, { timeout: 120_000 });
        await p.page.waitForTimeout(50);
      }
      // A comment-only edit: no render at all.
      const before = await p.page.$eval('#diagram svg', (s) => s.id);
      await p.edit(text.replace('Service 1.1 x3', `Service 1.1 v${EDITS} x3`) + '%% just a comment\n');
      await p.page.waitForTimeout(300);
      const rerendered = (await p.page.$eval('#diagram svg', (s) => s.id)) !== before;
      const render = (await measures(p.page, 'sdlab:mermaid-render')).slice(1);
      const edit = (await measures(p.page, 'sdlab:edit-to-screen')).slice(1);
      const adopt = (await measures(p.page, 'sdlab:svg-adopt')).slice(1);
      const swap = (await measures(p.page, 'sdlab:swap')).slice(1);
      const overhead = edit.map((e, i) => e - (render[i] ?? 0));
      rows.push([
        n,
        fmtMs(median(render)),
        fmtMs(median(edit)),
        fmtMs(median(overhead)),
        fmtMs(median(adopt)),
        fmtMs(median(swap)),
        `${(median(edit) / median(render)).toFixed(2)}x`,
        rerendered ? 'yes (!)' : 'no',
      ]);
      await p.close();
    }
    console.log('Mermaid render and edit -> on screen (medians of 5 edits; reference with Mermaid 11.17: ~0.2 s, 0.6 s, 2.1 s).');
    console.log('overhead = edit -> screen minus Mermaid; of it, "adopt" parses Mermaid\'s SVG markup into the page and');
    console.log('"swap" puts it on screen with badges and highlight (layout included); the rest is painting (<= 2 frames).');
    table(['nodes', 'Mermaid render', 'edit -> screen', 'overhead', 'adopt', 'swap', 'ratio', 're-render on comment edit'], rows);

    const frames = await runSimulationFrames(browser, tieredDesign(200), 200);
    if (frames.skipped) {
      console.log(`\nsimulation frames: ${frames.skipped}`);
    } else {
      console.log(`\nOne frame of simulation state on a 200-node diagram (goal < 16 ms, a 60 fps frame), ${frames.samples.length} frames:`);
      const row = (name: string, xs: number[], first: number): (string | number)[] => {
        const s = [...xs].sort((a, b) => a - b);
        const p95 = s[Math.floor(s.length * 0.95)]!;
        return [name, fmtMs(first), fmtMs(median(s)), fmtMs(p95), fmtMs(s[s.length - 1]!), `${(16 / first).toFixed(1)}x / ${(16 / p95).toFixed(0)}x`];
      };
      table(
        ['', 'first frame (all nodes change)', 'median', 'p95', 'max', '16 ms / (first, p95)'],
        [row('DOM updates', frames.samples, frames.first), row('+ style and layout', frames.withLayout, frames.firstWithLayout)],
      );
    }
  } finally {
    await browser.close();
  }
}

await main();
