// Runs in vitest (Node). What every browser test file of the panel sets up: one chromium for a
// describe block, its pages closed after, and the bundled examples' text.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { repoRoot } from '../../support/sharedData';
import { ARTIFACTS, ensureBuilt, launch, openPanel, type OpenOptions, type PanelPage } from './browser';

export const example = (name: string): string => readFileSync(join(repoRoot, 'examples', name), 'utf8');

/**
 * Call inside a `describe`: builds the bundles if needed and launches chromium before its tests,
 * closes every page opened through `panel` and the browser after them.
 */
export function panelSuite(): { browser: () => Browser; panel: (options: OpenOptions) => Promise<PanelPage> } {
  let browser: Browser | undefined;
  const open: PanelPage[] = [];

  beforeAll(async () => {
    ensureBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launch();
  }, 180_000);

  afterAll(async () => {
    for (const p of open) await p.close().catch(() => undefined);
    await browser?.close();
  });

  const started = (): Browser => {
    if (!browser) throw new Error('chromium is not running: panelSuite() must be called inside a describe block');
    return browser;
  };
  return {
    browser: started,
    async panel(options) {
      const p = await openPanel(started(), options);
      open.push(p);
      return p;
    },
  };
}
