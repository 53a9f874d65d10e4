import { test } from 'vitest';
import { ensureBuilt, launch, measures, median, openPanel, waitForDiagram } from './support/browser';
import { tieredDesign } from './support/designs';
test('bench', async () => {
  ensureBuilt();
  const b = await launch();
  for (const n of [15, 50, 200]) {
    const text = tieredDesign(n);
    const p = await openPanel(b, { text });
    await waitForDiagram(p.page, n, 120000);
    for (let i = 1; i <= 4; i++) {
      await p.edit(text.replace('Service 1.1 x3', `Service 1.1 v${i} x3`));
      await p.page.waitForFunction((v) => document.querySelector('#diagram [data-sdl-id="svc0_0"]')?.textContent?.includes(`v${v}`), i, { timeout: 120000 });
      await p.page.waitForTimeout(50);
    }
    const r = await measures(p.page, 'sdlab:mermaid-render'); const e = await measures(p.page, 'sdlab:edit-to-screen'); console.log(n, 'prepare', (await measures(p.page, 'sdlab:analyze')).map(Math.round), 'swap', (await measures(p.page, 'sdlab:swap')).map(Math.round), 'swaponly', (await measures(p.page, 'sdlab:swap-only')).map(Math.round), 'adopt', (await measures(p.page, 'sdlab:svg-adopt')).map(Math.round));
    console.log(n, r.map(Math.round), e.map(Math.round), median(r.slice(1)), median(e.slice(1)));
    await p.close();
  }
  await b.close();
}, 600000);
