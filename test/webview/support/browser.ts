// Runs in Node (browser tests and the panel benchmark). Serves the real built panel page — the
// HTML the extension host generates, with its CSP, and the esbuild bundles from dist/webview —
// from a fake origin through playwright-core's request routing, in Debian's chromium, with a
// stand-in for VS Code's `acquireVsCodeApi` that records what the page posts.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { panelHtml, type InitialData } from '../../../src/vscode/panel/html';
import type { HostToPage, PageToHost } from '../../../src/shared/protocol';
import { repoRoot as sourceRoot } from '../../support/sharedData';

/** The checkout: found from this file's location, or the working directory when bundled (benchmarks run from the repo root). */
const repoRoot = existsSync(join(sourceRoot, 'esbuild.mjs')) ? sourceRoot : process.cwd();

/**
 * Like VS Code, the page and its resources live on different origins: the page on the
 * webview's own origin, scripts/styles on the resource origin (`webview.cspSource`). So a
 * relative URL in a label resolves to the page's origin, which the CSP does not allow.
 */
export const PAGE_ORIGIN = 'https://webview.sdlab.test';
export const RESOURCE_ORIGIN = 'https://resource.sdlab.test';
export const PAGE_URL = `${PAGE_ORIGIN}/index.html`;
export const CHROMIUM = process.env.SDLAB_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = join(repoRoot, 'test-results', 'webview');

/** Undefined when chromium is present; otherwise the reason, said loudly by the caller. */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  return `chromium not found at ${CHROMIUM}: browser tests SKIPPED. Install it with \`apt-get install -y chromium\` (CI does).`;
}

export function warnSkipped(reason: string): void {
  const bar = '!'.repeat(Math.min(100, reason.length + 4));
  console.warn(`\n${bar}\n! ${reason} !\n${bar}\n`);
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/**
 * Builds the bundles with the project's own esbuild.mjs, in production mode (minified, as
 * shipped in the .vsix: a third of the size, so pages load much faster), when dist/webview is
 * older than the sources. Test files run in parallel workers: a lock directory makes one of
 * them build.
 */
export function ensureBuilt(): void {
  const bundle = join(repoRoot, 'dist', 'webview', 'main.js');
  const sources = Math.max(
    newestMtime(join(repoRoot, 'src')),
    newestMtime(join(repoRoot, 'media')),
    newestMtime(join(repoRoot, 'esbuild.mjs')),
    newestMtime(join(repoRoot, 'package-lock.json')),
  );
  const fresh = (): boolean => existsSync(bundle) && statSync(bundle).mtimeMs >= sources;
  if (fresh()) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  const lock = join(ARTIFACTS, '.build-lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`build lock ${lock} held for 2 minutes; remove it if no build is running`);
      spawnSync('sleep', ['0.2']);
    }
  }
  try {
    if (fresh()) return;
    const r = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: repoRoot, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`esbuild.mjs failed:\n${r.stdout}\n${r.stderr}`);
  } finally {
    rmdirSync(lock);
  }
}

export async function launch(): Promise<Browser> {
  // Resolved from the checkout, not from this file: benchmarks run as bundles in a temp folder.
  const { chromium } = createRequire(join(repoRoot, 'package.json'))('playwright-core') as typeof import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export type Theme = 'vscode-light' | 'vscode-dark' | 'vscode-high-contrast' | 'vscode-high-contrast-light';

export interface OpenOptions {
  text: string;
  languageId?: string;
  fileName?: string;
  uri?: string;
  theme?: Theme;
  state?: unknown;
  viewport?: { width: number; height: number };
}

/** What reached the network layer (after the CSP) that is not one of the page's own assets. */
export interface Observed {
  /** Requests to anything but the page and its bundles/stylesheets. */
  strayRequests: string[];
  dialogs: string[];
  popups: string[];
  navigations: string[];
  /** Calls to the `__sdlabPwned` binding from any frame: script execution proven. */
  pwned: string[];
  consoleErrors: string[];
  pageErrors: string[];
}

export interface PanelPage {
  context: BrowserContext;
  page: Page;
  observed: Observed;
  uri: string;
  /** Sends a host -> page message, as VS Code would. */
  post(message: HostToPage): Promise<void>;
  /** Messages the page posted to the host so far. */
  posted(): Promise<PageToHost[]>;
  /** CSP violations the page reported (`directive blocked-uri`). */
  cspViolations(): Promise<string[]>;
  /** Sends a new version of the document. */
  edit(text: string): Promise<void>;
  /** Sends new content for the same document, as another language (e.g. a Markdown file's text). */
  replace(text: string, languageId: string, fileName: string): Promise<void>;
  close(): Promise<void>;
}

const ASSETS = new Map<string, { file: string; type: string }>([
  ['/dist/webview/main.js', { file: 'dist/webview/main.js', type: 'text/javascript' }],
  ['/dist/webview/simWorker.js', { file: 'dist/webview/simWorker.js', type: 'text/javascript' }],
  ['/dist/webview/main.css', { file: 'dist/webview/main.css', type: 'text/css' }],
  ['/media/panel.css', { file: 'media/panel.css', type: 'text/css' }],
]);

export async function openPanel(browser: Browser, options: OpenOptions): Promise<PanelPage> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1200, height: 800 } });
  const observed: Observed = { strayRequests: [], dialogs: [], popups: [], navigations: [], pwned: [], consoleErrors: [], pageErrors: [] };
  const uri = options.uri ?? `file:///work/${options.fileName ?? 'design.mmd'}`;
  const initial: InitialData = {
    uri,
    fileName: options.fileName ?? 'design.mmd',
    languageId: options.languageId ?? 'mermaid',
    version: 1,
    text: options.text,
    ...(options.state !== undefined ? { state: options.state } : {}),
  };
  const html = panelHtml(
    {
      cspSource: RESOURCE_ORIGIN,
      script: `${RESOURCE_ORIGIN}/dist/webview/main.js`,
      worker: `${RESOURCE_ORIGIN}/dist/webview/simWorker.js`,
      styles: [`${RESOURCE_ORIGIN}/dist/webview/main.css`, `${RESOURCE_ORIGIN}/media/panel.css`],
    },
    // A fixed nonce is fine here: the test controls every byte of the page.
    'TestNonce0123456789abcdefABCDEF00',
    initial,
  );

  await context.exposeBinding('__sdlabPwned', (_source, what: unknown) => {
    observed.pwned.push(String(what));
  });
  await context.route('**/*', async (route) => {
    const req: Request = route.request();
    const url = new URL(req.url());
    if (req.url() === PAGE_URL) {
      await route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' });
      return;
    }
    const asset = url.origin === RESOURCE_ORIGIN ? ASSETS.get(url.pathname) : undefined;
    if (asset) {
      // VS Code's resource server answers cross-origin fetches from the webview too.
      await route.fulfill({ body: readFileSync(join(repoRoot, asset.file)), contentType: asset.type, headers: { 'Access-Control-Allow-Origin': '*' } });
      return;
    }
    observed.strayRequests.push(req.url());
    await route.abort();
  });
  await context.addInitScript(
    ({ theme, state }) => {
      const w = window as unknown as Record<string, unknown>;
      const posted: unknown[] = [];
      let saved: unknown = state;
      w.__sdlabPosted = posted;
      const violations: string[] = [];
      w.__sdlabCspViolations = violations;
      document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
      w.acquireVsCodeApi = () => ({
        postMessage: (m: unknown) => posted.push(JSON.parse(JSON.stringify(m))),
        getState: () => saved,
        setState: (s: unknown) => {
          saved = s;
        },
      });
      // VS Code puts the theme on <body> before the page's scripts run.
      new MutationObserver((_, obs) => {
        if (document.body) {
          document.body.classList.add(theme);
          document.body.dataset.vscodeThemeKind = theme;
          obs.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    },
    { theme: options.theme ?? 'vscode-light', state: options.state },
  );
  const page = await context.newPage();
  context.on('page', (p) => observed.popups.push(p.url()));
  page.on('dialog', (d) => {
    observed.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') observed.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => observed.pageErrors.push(e.message));
  page.on('framenavigated', (f) => {
    const u = f.url();
    if (u !== PAGE_URL && u !== 'about:blank' && u !== 'about:srcdoc') observed.navigations.push(u);
  });
  await page.goto(PAGE_URL);

  let version = 1;
  const post = async (message: HostToPage): Promise<void> => {
    await page.evaluate((m) => window.postMessage(m, '*'), message);
  };
  return {
    context,
    page,
    observed,
    uri,
    post,
    cspViolations: () => page.evaluate(() => (window as unknown as { __sdlabCspViolations: string[] }).__sdlabCspViolations.slice()),
    posted: () => page.evaluate(() => (window as unknown as { __sdlabPosted: PageToHost[] }).__sdlabPosted.slice()),
    replace: (text: string, languageId: string, fileName: string) => post({ type: 'document', uri, fileName, languageId, version: ++version, text }),
    edit: (text: string) => post({ type: 'document', uri, fileName: initial.fileName, languageId: initial.languageId, version: ++version, text }),
    close: () => context.close(),
  };
}

/** Waits until the diagram shows at least `min` nodes. */
export async function waitForDiagram(page: Page, min = 1, timeout = 30_000): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll('#diagram svg [data-sdl-id]').length >= n, min, { timeout });
}

/** Waits until the diagram shows exactly these component ids. */
export async function waitForNodes(page: Page, ids: readonly string[], timeout = 60_000): Promise<void> {
  const want = [...ids].sort();
  await page.waitForFunction(
    (w) => {
      const got = [...document.querySelectorAll('#diagram svg [data-sdl-id]')].map((e) => e.getAttribute('data-sdl-id')!).sort();
      return got.length === w.length && got.every((g, i) => g === w[i]);
    },
    want,
    { timeout },
  );
}

/** The durations (ms) of performance.measure entries the page recorded under `name`. */
export async function measures(page: Page, name: string): Promise<number[]> {
  return page.evaluate((n) => performance.getEntriesByName(n, 'measure').map((e) => e.duration), name);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
}
