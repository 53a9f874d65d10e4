// Runs in Node (bundled by test/vscode/run.mjs). The end-to-end suite: packages the .vsix,
// installs it into code-server with a fresh profile, opens examples/ in Debian chromium through
// playwright-core and runs every UI case, then runs the API-level cases inside the real
// extension host (the extensionTestsPath route). Prints `N passed, N failed`; 1 on any failure.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import {
  cacheDir,
  codeServerCli,
  ensureCodeServer,
  ensureDebianPackages,
  extensionId as manifestExtensionId,
  installVsix,
  makeProfile,
  packageExtension,
  readManifest,
  repoRoot,
  SetupError,
  since,
  startCodeServer,
} from '../../scripts/lib/codeServer.mjs';
import uiCases from 'sdlab:cases/cases';
import type { Case, CaseContext } from './support/case';
import { TIMEOUT, Workbench } from './support/workbench';
import type { HostResults } from './host/support';

interface CaseFile {
  file: string;
  case: Case;
}

interface Result {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
  notes: string[];
}

const artifacts = join(repoRoot, 'test-results', 'vscode');
/**
 * The workbench opens a copy of examples/, made afresh each run: code-server saves edits after a
 * delay by default, so a case that applies a quick fix must never be able to change the repo.
 */
const examples = join(mkdtempSync(join(tmpdir(), 'sdlab-e2e-')), 'examples');
cpSync(join(repoRoot, 'examples'), examples, { recursive: true });
/** A file every examples/ folder has: the Explorer showing it means the workbench is up. */
const readyFile = 'url-shortener.mmd';
const chromiumPath = process.env.SDLAB_CHROMIUM ?? '/usr/bin/chromium';

function section(title: string): void {
  console.log(`\n=== ${title} ===`);
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);

function printResult(r: Result): void {
  const mark = r.ok ? 'PASS' : 'FAIL';
  console.log(`  ${mark}  ${r.name}  (${(r.ms / 1000).toFixed(1)} s)`);
  for (const n of r.notes) console.log(`        ${n}`);
  if (r.error) console.log(`        ${r.error.split('\n').join('\n        ')}`);
}

function errorText(err: unknown): string {
  if (err instanceof Error) return (err.message || String(err)).split('\n').slice(0, 12).join('\n');
  return String(err);
}

async function launchBrowser(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Keeps the browser's console errors: the first place to look when a case fails. */
function recordConsole(page: Page, lines: string[], tag: string): void {
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') lines.push(`[${tag}] ${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => lines.push(`[${tag}] pageerror: ${err.message}`));
}

async function runUiCases(
  page: Page,
  url: string,
  cases: CaseFile[],
  base: Omit<CaseContext, 'wb' | 'page' | 'note' | 'metric'>,
  metrics: Map<string, string>,
): Promise<Result[]> {
  const wb = new Workbench(page, artifacts);
  const t0 = performance.now();
  await page.goto(url);
  try {
    await wb.waitForExplorer(readyFile);
  } catch (err) {
    await wb.screenshot('workbench-not-ready').catch(() => undefined);
    return cases.map((c) => ({
      name: c.case.name,
      ok: false,
      ms: 0,
      error: `the workbench never showed ${readyFile} in the Explorer: ${errorText(err)}`,
      notes: [],
    }));
  }
  console.log(`  workbench ready in ${since(t0)}`);
  metrics.set('workbench ready (page load to the Explorer)', since(t0));
  const results: Result[] = [];
  for (const { file, case: c } of cases) {
    const notes: string[] = [];
    const started = performance.now();
    let error: string | undefined;
    try {
      await c.run({
        ...base,
        wb,
        page,
        note: (m) => notes.push(m),
        metric: (name, value) => {
          metrics.set(name, value);
          notes.push(`${name}: ${value}`);
        },
      });
    } catch (err) {
      error = errorText(err);
    }
    const ms = performance.now() - started;
    const shot = await wb.screenshot(slug(file.replace(/\.ts$/, ''))).catch(() => undefined);
    if (shot && error) notes.push(`screenshot: ${relative(repoRoot, shot)}`);
    const r: Result = { name: c.name, ok: !error, ms, notes, ...(error ? { error } : {}) };
    printResult(r);
    results.push(r);
    await wb.reset().catch((err) => console.log(`        (reset after the case failed: ${errorText(err)})`));
  }
  // How often the palette answered "No matching commands" (or nothing) for a command that exists.
  const retried = wb.paletteRetries.map((r) => `${r.title} (typed ${r.typed}×, opened ${r.opened}×)`);
  metrics.set('command palette: commands typed more than once', retried.length === 0 ? 'none' : retried.join('; '));
  return results;
}

/**
 * The API-level cases: a second window whose extension host loads our test bundle
 * (extensionTestsPath). The host exits 0 whatever happens, so the bundle writes a results file.
 */
async function runHostCases(
  context: BrowserContext,
  port: number,
  devExt: string,
  console_: string[],
  metrics: Map<string, string>,
): Promise<Result[]> {
  const resultsFile = join(devExt, 'host-tests', 'results.json');
  rmSync(resultsFile, { force: true });
  const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(devExt)],
    ['extensionTestsPath', remote(join(devExt, 'host-tests', 'index'))],
  ];
  const page = await context.newPage();
  recordConsole(page, console_, 'host window');
  const t0 = performance.now();
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(examples)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  const deadline = Date.now() + 3 * TIMEOUT;
  while (!existsSync(resultsFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
  await page.screenshot({ path: join(artifacts, 'host-window.png') }).catch(() => undefined);
  await page.close().catch(() => undefined);
  if (!existsSync(resultsFile)) {
    return [{ name: 'extension host tests ran', ok: false, ms: performance.now() - t0, error: `no results file after ${since(t0)} (${resultsFile})`, notes: [] }];
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as HostResults;
  console.log(`  extension host tests finished in ${since(t0)}`);
  for (const [k, v] of Object.entries(results.metrics)) {
    console.log(`  ${k}: ${v}`);
    metrics.set(`[host] ${k}`, v);
  }
  return results.cases.map((c) => ({ name: `[host] ${c.name}`, ok: c.ok, ms: c.ms, notes: c.notes, ...(c.error ? { error: c.error } : {}) }));
}

/** Every log file under a folder, newest layout of VS Code's logs included. */
function logFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => f.endsWith('.log') && statSync(f).isFile());
}

/** Error lines about our extension in the extension host and server logs. */
function extensionErrorsInLogs(userDataDir: string, id: string): string[] {
  const needle = new RegExp(`${id.replace(/[.]/g, '\\.')}|system-design-lab`, 'i');
  const lines: string[] = [];
  for (const f of logFiles(join(userDataDir, 'logs'))) {
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      if (/\[error\]/i.test(line) && needle.test(line)) lines.push(`${basename(f)}: ${line.trim()}`);
    }
  }
  return lines;
}

export async function main({ hostBundle, filter }: { hostBundle: string; filter: string[] }): Promise<number> {
  const tStart = performance.now();
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  const runDir = join(cacheDir(), 'vscode-e2e', `run-${process.pid}`);
  rmSync(runDir, { recursive: true, force: true });
  const consoleLines: string[] = [];
  const results: Result[] = [];
  /** Times a person waits, by name: printed before the summary, never asserted. */
  const metrics = new Map<string, string>();
  let serverLog: string | undefined;
  let userDataDir: string | undefined;
  let stop: (() => Promise<void>) | undefined;
  let browser: BrowserContext | undefined;

  const selected = (uiCases as CaseFile[]).filter(
    (c) => filter.length === 0 || filter.some((f) => c.file.includes(f) || c.case.name.includes(f)),
  );
  const runHost = filter.length === 0 || filter.includes('host');

  try {
    section('VS Code end-to-end: setup');
    let t = performance.now();
    const vsix = process.env.SDLAB_VSIX ?? packageExtension();
    await ensureDebianPackages(['chromium']);
    const tc = await ensureCodeServer();
    console.log(`  toolchain ready in ${since(t)}`);

    t = performance.now();
    const profile = makeProfile(join(runDir, 'profile'));
    userDataDir = profile.userDataDir;
    installVsix(tc, profile, vsix);
    const manifest = readManifest();
    const id = manifestExtensionId(manifest);
    const listed = codeServerCli(tc, profile, ['--list-extensions', '--show-versions']);
    if (!listed.includes(`${id}@${manifest.version}`)) {
      throw new SetupError(`code-server --list-extensions does not list ${id}@${manifest.version}:\n${listed}`);
    }
    console.log(`  installed ${id}@${manifest.version} into a fresh profile in ${since(t)}`);

    // The host tests run as the installed extension itself (a copy of its folder, with the test
    // bundle inside it), so they exercise exactly what the .vsix ships.
    const installed = join(profile.extensionsDir, `${id}-${manifest.version}`);
    const devExt = join(runDir, 'dev-extension');
    cpSync(installed, devExt, { recursive: true });
    cpSync(hostBundle, join(devExt, 'host-tests', 'index.js'));

    t = performance.now();
    serverLog = join(runDir, 'code-server.log');
    const server = await startCodeServer(tc, profile, {
      workspace: examples,
      logFile: serverLog,
      extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
    });
    stop = () => server.stop();
    console.log(`  code-server up at ${server.url} in ${since(t)}`);

    browser = await launchBrowser(join(runDir, 'chromium'));
    const page = browser.pages()[0] ?? (await browser.newPage());
    recordConsole(page, consoleLines, 'workbench');

    section(`UI cases (${selected.length})`);
    results.push(...(await runUiCases(page, server.url, selected, { examples, extensionId: id, manifest }, metrics)));

    if (runHost) {
      section('extension host cases');
      const hostResults = await runHostCases(browser, server.port, devExt, consoleLines, metrics);
      hostResults.forEach(printResult);
      results.push(...hostResults);

      const t0 = performance.now();
      const errors = extensionErrorsInLogs(profile.userDataDir, id);
      const r: Result = {
        name: '[logs] no errors from the extension in the extension host and server logs',
        ok: errors.length === 0,
        ms: performance.now() - t0,
        notes: [],
        ...(errors.length ? { error: errors.slice(0, 10).join('\n') } : {}),
      };
      printResult(r);
      results.push(r);
    }
  } catch (err) {
    const r: Result = { name: 'setup', ok: false, ms: 0, error: err instanceof SetupError ? err.message : errorText(err), notes: [] };
    printResult(r);
    results.push(r);
  } finally {
    await browser?.close().catch(() => undefined);
    await stop?.();
  }

  const failed = results.filter((r) => !r.ok).length;
  const passed = results.length - failed;
  if (consoleLines.length) writeFileSync(join(artifacts, 'browser-console.log'), `${consoleLines.join('\n')}\n`);
  if (failed > 0) {
    // Leave what a person needs to see why: the server log and VS Code's own logs.
    if (serverLog && existsSync(serverLog)) cpSync(serverLog, join(artifacts, 'code-server.log'));
    if (userDataDir && existsSync(join(userDataDir, 'logs'))) cpSync(join(userDataDir, 'logs'), join(artifacts, 'logs'), { recursive: true });
    console.log(`\nArtifacts (screenshots, code-server log, VS Code logs): ${relative(process.cwd(), artifacts) || artifacts}`);
  } else {
    console.log(`\nScreenshots: ${relative(process.cwd(), artifacts) || artifacts}`);
  }
  rmSync(runDir, { recursive: true, force: true });
  rmSync(dirname(examples), { recursive: true, force: true });
  if (metrics.size > 0) {
    section('metrics (measured, not asserted)');
    for (const [k, v] of metrics) console.log(`  ${k}: ${v}`);
    console.log('');
  }
  console.log(`VS Code end-to-end suite took ${since(tStart)}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 || results.length === 0 ? 1 : 0;
}
