// Runs in Node (tests and benchmarks). Finds the test data kept outside the repository
// (../shared/data beside the checkout). That data is test input only and is never shipped.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The folder holding `mermaid-corpus/` and `porcupine/`: $SDLAB_SHARED_DATA, else
 * `../shared/data` next to the checkout, else `/work/shared/data`. Undefined when none exists.
 */
export function sharedDataDir(): string | undefined {
  const candidates = [
    process.env.SDLAB_SHARED_DATA,
    join(repoRoot, '..', 'shared', 'data'),
    join(repoRoot, '..', '..', 'shared', 'data'),
    '/work/shared/data',
  ].filter((p): p is string => Boolean(p));
  return candidates.find((p) => existsSync(p));
}

/** A path inside the shared data folder, or undefined (with a notice) when it is absent. */
export function sharedData(...parts: string[]): string | undefined {
  const dir = sharedDataDir();
  const path = dir && join(dir, ...parts);
  if (!path || !existsSync(path)) {
    console.warn(`[sdlab tests] shared test data not found (${parts.join('/')}); set SDLAB_SHARED_DATA. Skipping.`);
    return undefined;
  }
  return path;
}

export { repoRoot };
