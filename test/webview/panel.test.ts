// Browser tests of the simulator panel's page: the real built bundle and the real page HTML
// (with its CSP) in headless chromium. Screenshots go to test-results/webview/.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDesignDocument } from '../../src/core/design/index';
import { tieredDesign } from './support/designs';
import { setControl } from './support/simulation';
import { ARTIFACTS, chromiumMissing, measures, median, waitForDiagram, waitForNodes, warnSkipped, type PanelPage } from './support/browser';
import { example, panelSuite } from './support/panelSuite';

const missing = chromiumMissing();
if (missing) warnSkipped(missing);

describe.skipIf(missing !== undefined)('simulator panel page (chromium)', () => {
  const suite = panelSuite();
  const panel = suite.panel;

  const screenshot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });

  const nodeIds = (page: Page): Promise<string[]> =>
    page.$$eval('#diagram svg [data-sdl-id]', (els) => els.map((e) => e.getAttribute('data-sdl-id')!).sort());

  describe('every node of each example renders', () => {
    // One page, the examples sent one after another as new content of the open document.
    let p: PanelPage;
    beforeAll(async () => {
      p = await panel({ text: '' });
    }, 120_000);

    for (const file of ['url-shortener.mmd', 'social-feed.mmd', 'bank-transfers.mmd', 'two-region.mmd', 'chat.md']) {
      it(file, async () => {
        const text = example(file);
        const languageId = file.endsWith('.md') ? 'markdown' : 'mermaid';
        const doc = parseDesignDocument(text, { languageId, fileName: file });
        const design = doc.designs[0]!;
        const expected = design.components.map((c) => c.id).sort();
        expect(expected.length).toBeGreaterThan(3);
        await p.replace(text, languageId, file);
        await waitForNodes(p.page, expected);
        // Each node is a real, visible shape with its label.
        for (const c of design.components) {
          const box = await p.page.locator(`#diagram [data-sdl-id="${c.id}"]`).boundingBox();
          expect(box && box.width > 5 && box.height > 5, c.id).toBe(true);
          expect(await p.page.locator(`#diagram [data-sdl-id="${c.id}"]`).textContent(), c.id).toContain(c.label.replace(/<br\s*\/?>/g, ''));
        }
        await screenshot(p.page, `example-${file.replace(/\W+/g, '-')}`);
        expect(p.observed.pageErrors).toEqual([]);
        // Nothing the page itself does needs more than its CSP allows.
        expect(await p.cspViolations()).toEqual([]);
      });
    }
  });

  it('draws an architecture-beta design with its services and groups', async () => {
    const p = await panel({ text: ARCH, fileName: 'arch.mmd' });
    await waitForDiagram(p.page, 4);
    expect(await nodeIds(p.page)).toEqual(['api', 'db', 'disk', 'lb']);
    expect(await p.page.locator('#diagram [data-sdl-group="cloud"]').count()).toBe(1);
    await screenshot(p.page, 'architecture');
    await p.close();
  });

  it('re-renders an edit with no empty frame, and skips re-rendering for comments, annotations and whitespace', async () => {
    const text = example('url-shortener.mmd');
    const p = await panel({ text });
    await waitForDiagram(p.page, 6);
    // Sample the diagram on every animation frame and after every DOM mutation.
    await p.page.evaluate(() => {
      const w = window as unknown as { __frames: { samples: number; empty: number } };
      w.__frames = { samples: 0, empty: 0 };
      const check = (): void => {
        w.__frames.samples++;
        if (document.querySelectorAll('#diagram svg g.node').length === 0) w.__frames.empty++;
      };
      new MutationObserver(check).observe(document.getElementById('diagram')!, { childList: true, subtree: true, attributes: true });
      const loop = (): void => {
        check();
        requestAnimationFrame(loop);
      };
      loop();
    });
    const svgId = (): Promise<string> => p.page.$eval('#diagram svg', (s) => s.id);
    const first = await svgId();

    // An edit that changes the drawing: a new node appears, in a new SVG.
    await p.edit(text.replace('api --> ids[ID generator service]', 'api --> ids[ID generator service]\n  api --> queue[[Kafka clicks]]'));
    await p.page.waitForSelector('#diagram [data-sdl-id="queue"]');
    const second = await svgId();
    expect(second).not.toBe(first);

    // Edits Mermaid would not draw: the same SVG element stays.
    await p.edit(text.replace('api --> ids[ID generator service]', '  api --> ids[ID generator service]\n\n%% @queue kind=queue\n    api --> queue[[Kafka clicks]]   ') + '\n%% a comment\n');
    await p.page.waitForTimeout(400);
    expect(await svgId()).toBe(second);

    // A burst of edits: the newest text wins.
    for (let i = 1; i <= 5; i++) await p.edit(text.replace('Shortener API x3', `Shortener API v${i}`));
    await p.page.waitForFunction(() => document.querySelector('#diagram [data-sdl-id="api"]')?.textContent?.includes('v5'));
    await p.page.waitForTimeout(300);
    expect(await p.page.$eval('#diagram [data-sdl-id="api"]', (e) => e.textContent)).toContain('v5');

    const frames = await p.page.evaluate(() => (window as unknown as { __frames: { samples: number; empty: number } }).__frames);
    expect(frames.samples).toBeGreaterThan(10);
    expect(frames.empty).toBe(0);
    const editToScreen = await measures(p.page, 'sdlab:edit-to-screen');
    const render = await measures(p.page, 'sdlab:mermaid-render');
    console.log(`[panel] url-shortener: Mermaid render median ${median(render).toFixed(0)} ms; edit -> on screen median ${median(editToScreen.slice(1)).toFixed(0)} ms (${editToScreen.length} renders shown)`);
    await p.close();
  });

  it('an annotation changes the badges on the diagram already on screen, without re-rendering', async () => {
    const text = example('url-shortener.mmd');
    const p = await panel({ text });
    await waitForDiagram(p.page, 7);
    const badge = (id: string): Promise<string | null> => p.page.locator(`#diagram [data-sdl-id="${id}"] .sdl-badge title`).textContent({ timeout: 100 }).catch(() => null);
    await p.page.waitForSelector('#diagram [data-sdl-id="api"] .sdl-badge');
    expect(await badge('api')).toContain('redundancy/circuit-breaker');
    expect(await badge('lb')).toContain('redundancy/load-balancer');
    const svgId = await p.page.$eval('#diagram svg', (s) => s.id);
    await p.edit(`${text}%% @api breaker\n`);
    await p.page.waitForSelector('#diagram [data-sdl-id="api"] .sdl-badge', { state: 'detached' });
    expect(await badge('lb')).toContain('redundancy/load-balancer');
    expect(await p.page.$eval('#diagram svg', (s) => s.id)).toBe(svgId);
    // The user's settings apply, as in the editor: a rule switched off loses its badges.
    expect(await badge('db')).toContain('spof');
    await p.post({ type: 'lintSettings', rules: [['spof', 'off']], availabilityDefaults: [] });
    await p.page.waitForFunction(() => !document.querySelector('#diagram [data-sdl-id="db"] .sdl-badge title')?.textContent?.includes('spof'));
    expect(await badge('db')).toContain('redundancy/db-replication');
    await screenshot(p.page, 'badges');
    await p.close();
  });

  it('shows a syntax error as a message and keeps the last good diagram', async () => {
    const text = example('url-shortener.mmd');
    const p = await panel({ text });
    await waitForDiagram(p.page, 7);
    const shown = await p.page.$eval('#diagram svg', (s) => s.id);
    await p.edit(text.replace('lb --> api[Shortener API x3]', 'lb --> api[Shortener API x3\n  lb -->'));
    await p.page.waitForSelector('#message:not([hidden])');
    // Mermaid's own message, with the line as the user counts it.
    // Where the user wrote it: line 11 of the file, at the unclosed '['.
    expect(await p.page.textContent('#message')).toMatch(/^Line 11, column 13: Unclosed '\['/);
    expect(await p.page.$eval('#diagram svg', (s) => s.id)).toBe(shown);
    expect(await p.page.locator('#diagram svg [data-sdl-id]').count()).toBe(7);
    await screenshot(p.page, 'syntax-error');
    await p.edit(text);
    await p.page.waitForSelector('#message', { state: 'hidden' });
    await p.close();
  });

  it('reveals a clicked node in the source, and highlights the node under the editor cursor', async () => {
    const text = example('url-shortener.mmd');
    const doc = parseDesignDocument(text, { languageId: 'mermaid', fileName: 'u.mmd' });
    const api = doc.designs[0]!.components.find((c) => c.id === 'api')!;
    const p = await panel({ text });
    await waitForDiagram(p.page, 6);
    await p.page.click('#diagram [data-sdl-id="api"]');
    const reveal = (await p.posted()).find((m) => m.type === 'reveal');
    expect(reveal).toEqual({ type: 'reveal', uri: p.uri, range: api.range });

    const db = doc.designs[0]!.components.find((c) => c.id === 'db')!;
    await p.post({ type: 'cursor', uri: p.uri, position: { line: db.range.start.line, character: db.range.start.character + 1 } });
    await p.page.waitForSelector('#diagram [data-sdl-id="db"].sdl-cursor');
    expect(await p.page.locator('#diagram .sdl-cursor').count()).toBe(1);
    // A message for another document is ignored.
    await p.post({ type: 'cursor', uri: 'file:///elsewhere.mmd', position: { line: api.range.start.line, character: api.range.start.character } });
    await p.page.waitForTimeout(100);
    expect(await p.page.getAttribute('#diagram .sdl-cursor', 'data-sdl-id')).toBe('db');
    await screenshot(p.page, 'cursor-highlight');
    await p.close();
  });

  it('in Markdown, shows the design the cursor is in, and restores its saved state after a reload', async () => {
    const text = example('chat.md');
    const doc = parseDesignDocument(text, { languageId: 'markdown', fileName: 'chat.md' });
    expect(doc.designs).toHaveLength(2);
    const p = await panel({ text, languageId: 'markdown', fileName: 'chat.md' });
    await waitForNodes(p.page, doc.designs[0]!.components.map((c) => c.id));
    expect(await p.page.isVisible('#design-picker')).toBe(true);
    // The cursor moves into the second fence: the panel follows.
    const second = doc.designs[1]!;
    await p.post({ type: 'cursor', uri: p.uri, position: { line: second.range.start.line + 1, character: 4 } });
    await waitForNodes(p.page, second.components.map((c) => c.id));
    expect(await p.page.$eval('#design-picker', (s) => (s as HTMLSelectElement).value)).toBe('1');
    // What the page saved is what VS Code hands back after a reload.
    await p.page.click('#zoom-in');
    await setControl(p.page, '#sim-rps', '123');
    await p.page.waitForTimeout(400);
    const saved = await p.page.evaluate(() => (window as unknown as { acquireVsCodeApi(): { getState(): unknown } }).acquireVsCodeApi().getState());
    expect(saved).toMatchObject({ uri: p.uri, designIndex: 1, sim: { rps: 123 } });
    await p.close();

    const restored = await panel({ text, languageId: 'markdown', fileName: 'chat.md', state: saved });
    await waitForNodes(restored.page, second.components.map((c) => c.id));
    expect(await restored.page.inputValue('#sim-rps')).toBe('123');
    const view = (saved as { view: { scale: number } }).view;
    const transform = await restored.page.$eval('#diagram-canvas', (e) => (e as HTMLElement).style.transform);
    expect(Number(/scale\(([\d.]+)\)/.exec(transform)?.[1])).toBeCloseTo(view.scale, 3);
    await restored.close();
  });

  it('zooms, pans and fits; exports SVG and PNG through the host', async () => {
    const p = await panel({ text: example('social-feed.mmd') });
    await waitForDiagram(p.page, 10);
    const transform = (): Promise<string> => p.page.$eval('#diagram-canvas', (e) => (e as HTMLElement).style.transform);
    const fitted = await transform();
    await p.page.click('#zoom-in');
    const zoomed = await transform();
    expect(zoomed).not.toBe(fitted);
    const box = (await p.page.locator('#diagram').boundingBox())!;
    await p.page.mouse.move(box.x + 20, box.y + box.height - 20);
    await p.page.mouse.down();
    await p.page.mouse.move(box.x + 120, box.y + box.height - 60, { steps: 5 });
    await p.page.mouse.up();
    expect(await transform()).not.toBe(zoomed);
    await p.page.click('#zoom-fit');
    expect(await transform()).toBe(fitted);

    await p.page.click('#export-svg');
    await p.page.click('#export-png');
    await p.page.waitForFunction(() => (window as unknown as { __sdlabPosted: { type: string }[] }).__sdlabPosted.filter((m) => m.type === 'export').length === 2);
    const exports = (await p.posted()).filter((m) => m.type === 'export');
    const svg = exports.find((m) => m.format === 'svg')!;
    const png = exports.find((m) => m.format === 'png')!;
    expect(svg.data).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.data).toContain('Feed service x4');
    expect(svg.data).not.toMatch(/sdl-badge|sdl-note|data-sdl-state|sdl-cursor/);
    expect(png.data.startsWith('data:image/png;base64,')).toBe(true);
    const bytes = Buffer.from(png.data.slice('data:image/png;base64,'.length), 'base64');
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(5_000);
    // The host answers; the page says where it went.
    await p.post({ type: 'exportResult', requestId: png.requestId, outcome: 'saved', detail: '/tmp/feed.png' });
    await p.page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('/tmp/feed.png'));
    await p.close();
  });

  it('follows the VS Code theme: dark, high contrast, and a switch while open', async () => {
    const p = await panel({ text: example('url-shortener.mmd'), theme: 'vscode-dark' });
    await waitForDiagram(p.page, 6);
    const fill = (): Promise<string> => p.page.$eval('#diagram [data-sdl-id="lb"] rect, #diagram [data-sdl-id="lb"] path', (e) => getComputedStyle(e).fill);
    const dark = await fill();
    await screenshot(p.page, 'theme-dark');
    const before = await p.page.$eval('#diagram svg', (s) => s.id);
    await p.page.evaluate(() => {
      document.body.classList.replace('vscode-dark', 'vscode-high-contrast');
      document.body.dataset.vscodeThemeKind = 'vscode-high-contrast';
    });
    await p.page.waitForFunction((id) => document.querySelector('#diagram svg')?.id !== id, before);
    const hc = await fill();
    expect(hc).not.toBe(dark);
    expect(hc).toBe('rgb(0, 0, 0)');
    await screenshot(p.page, 'theme-high-contrast');
    await p.close();
  });

  it("measures Mermaid's render time and edit -> on screen for 15-, 50- and 200-node designs (printed, not asserted)", async () => {
    const lines: string[] = [];
    for (const n of [15, 50, 200]) {
      const text = tieredDesign(n);
      const p = await panel({ text, fileName: `tiered-${n}.mmd` });
      await waitForDiagram(p.page, n, 120_000);
      for (let i = 1; i <= 2; i++) {
        await p.edit(text.replace('Service 1.1 x3', `Service 1.1 v${i} x3`));
        await p.page.waitForFunction((v) => document.querySelector('#diagram [data-sdl-id="svc0_0"]')?.textContent?.includes(`v${v}`), i, { timeout: 120_000 });
      }
      await p.page.waitForTimeout(100);
      const render = (await measures(p.page, 'sdlab:mermaid-render')).slice(1);
      const edit = (await measures(p.page, 'sdlab:edit-to-screen')).slice(1);
      expect(await p.page.locator('#diagram [data-sdl-id]').count()).toBe(n);
      lines.push(`${n} nodes: Mermaid render ${median(render).toFixed(0)} ms, edit -> on screen ${median(edit).toFixed(0)} ms (+${(median(edit) - median(render)).toFixed(0)} ms)`);
      await p.close();
    }
    console.log(`[panel] ${lines.join('; ')} — medians of 2 edits; see bench/panel.bench.ts for more runs`);
  });

  it('does not run script from a diagram: HTML labels, <script>, onerror, javascript: links, </script>, icon text', async () => {
    for (const [name, text] of Object.entries(XSS)) {
      const p = await panel({ text, fileName: `${name}.mmd` });
      // The detectors work: a call to the binding and a request past the CSP are seen.
      await p.page.evaluate(() => (window as unknown as { __sdlabPwned(s: string): void }).__sdlabPwned('canary'));
      await p.page.evaluate(() => fetch('https://resource.sdlab.test/canary').catch(() => undefined));
      await expect.poll(() => p.observed.pwned.length + p.observed.strayRequests.length).toBe(2);
      p.observed.pwned.length = 0;
      p.observed.strayRequests.length = 0;

      await p.page.waitForSelector('#diagram svg, #message:not([hidden])');
      await p.page.waitForTimeout(300);
      // Click every node and link, as a curious user would.
      for (const el of await p.page.$$('#diagram [data-sdl-id], #diagram svg a')) await el.click({ force: true }).catch(() => undefined);
      await p.page.waitForTimeout(500);
      await screenshot(p.page, `xss-${name}`);
      expect(p.observed.pwned, name).toEqual([]);
      expect(p.observed.dialogs, name).toEqual([]);
      expect(p.observed.popups, name).toEqual([]);
      expect(p.observed.navigations, name).toEqual([]);
      expect(p.observed.strayRequests, name).toEqual([]);
      expect(await p.page.$$eval('#diagram script, #diagram iframe, #diagram [onerror], #diagram [onload]', (e) => e.length), name).toBe(0);
      await p.close();
    }
  });
});

const ARCH = `architecture-beta
  group cloud(cloud)[Cloud region]
  service lb(internet)[Load balancer] in cloud
  service api(server)[API] in cloud
  service db(database)[Orders DB] in cloud
  service disk(disk)[S3 media] in cloud
  lb:R --> L:api
  api:R --> L:db
  api:B --> T:disk
`;

const call = (tag: string): string => `__sdlabPwned('${tag}')`;

/** Hostile designs. Each payload, if it ran, would call the exposed binding or fetch a remote URL. */
const XSS: Record<string, string> = {
  labels: [
    'flowchart LR',
    `  a["<img src=x onerror=${call('img')}>"] --> b["<script>${call('script')}</script>"]`,
    `  c["</script><script>${call('end-script')}</script>"] --> d["<svg onload=${call('svg')}>"]`,
    `  e["<a href='javascript:${call('a-href')}'>link</a>"] --> f["<iframe src='javascript:${call('iframe')}'></iframe>"]`,
    `  g["<img src='https://evil.test/label.png'>"] --> h["<style>@import url(https://evil.test/x.css);</style>"]`,
    `  i["\`**md** <img src=x onerror=${call('md-img')}>\`"] --> j`,
    `  click a href "javascript:${call('click-href')}"`,
    `  click b call ${call('click-call')}`,
    `  click c "javascript:${call('click-c')}" "tooltip"`,
  ].join('\n'),
  styles: [
    `%%{init: {"securityLevel": "loose", "themeCSS": ".node{background:url(https://evil.test/css.png)}", "fontFamily": "x;}</style><img src=x onerror=${call('font')}>", "dompurifyConfig": {"ADD_TAGS": ["script"], "ADD_ATTR": ["onerror"]}}}%%`,
    'flowchart LR',
    '  a --> b',
    '  classDef evil fill:url(https://evil.test/bg.png),stroke:#f00',
    '  class a evil',
    '  style b fill:url("https://evil.test/b.png")',
    '  imgnode@{ img: "https://evil.test/i.png", label: "image shape", pos: "t", h: 40 }',
  ].join('\n'),
  architecture: [
    'architecture-beta',
    `  group g(cloud)[<img src=x onerror=${call('arch-group')}>]`,
    `  service s1(internet)[<img src=x onerror=${call('arch-title')}>] in g`,
    `  service s2 "<img src=x onerror=${call('arch-icontext')}>"[Icon text] in g`,
    `  service s3(logos:aws<img src=x onerror=${call('arch-icon')}>)[Logo] in g`,
    '  s1:R -- L:s2',
  ].join('\n'),
};
