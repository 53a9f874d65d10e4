// Runs in VS Code's extension host: the module named by extensionTestsPath. VS Code calls run()
// once the window is up; the host then exits with 0 whatever happened, so every result goes to
// results.json beside this bundle, which the runner (test/vscode/runner.ts) reads.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import hostCases from 'sdlab:cases/host/cases';
import type { HostCase, HostResults } from './support';

/** Our extension's id, read from the package.json shipped beside this bundle's folder. */
const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { publisher: string; name: string };
const id = `${manifest.publisher}.${manifest.name}`;

const CASE_TIMEOUT_MS = 90_000;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export async function run(): Promise<void> {
  const results: HostResults = { cases: [], metrics: {} };
  const write = () => writeFileSync(join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  try {
    const extension = vscode.extensions.getExtension(id);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!extension || !folder) {
      results.cases.push({
        name: 'the extension and the examples folder are there',
        ok: false,
        ms: 0,
        error: !extension ? `VS Code does not know the extension ${id}` : 'no workspace folder is open',
        notes: [],
      });
      return;
    }
    for (const { case: c } of hostCases as readonly { file: string; case: HostCase }[]) {
      const notes: string[] = [];
      const t0 = performance.now();
      try {
        await withTimeout(
          c.run({
            extension,
            examples: folder,
            note: (m) => notes.push(m),
            metric: (k, v) => {
              results.metrics[k] = v;
            },
          }),
          CASE_TIMEOUT_MS,
          c.name,
        );
        results.cases.push({ name: c.name, ok: true, ms: performance.now() - t0, notes });
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        results.cases.push({ name: c.name, ok: false, ms: performance.now() - t0, error, notes });
      }
    }
  } finally {
    write();
  }
}
