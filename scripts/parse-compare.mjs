// Runs in Node: `npm run parse-compare -- <git ref> [check|time [sizes]]`. Extracts the ref's
// src/ and bench/ into a temporary folder, bundles bench/parseCompare.ts with that copy as
// `sdlab-old`, and runs it: old and new design parsers side by side (see that file). For
// speed work on the parsers: output must not change, and timings are only comparable when
// taken in turns in one process.
import * as esbuild from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const [ref, ...rest] = process.argv.slice(2);
if (!ref || ref.startsWith('-')) {
  console.error('usage: npm run parse-compare -- <git ref> [check | time [100,1000,10000]]');
  process.exit(2);
}
const tmp = mkdtempSync(join(tmpdir(), 'sdlab-parse-compare-'));
try {
  try {
    const tar = execFileSync('git', ['archive', ref, 'src', 'bench'], { cwd: root, maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
    execFileSync('tar', ['-x', '-C', tmp], { input: tar });
  } catch {
    console.error(`parse-compare: '${ref}' is not a commit of this repository`);
    process.exit(2);
  }
  const outfile = join(tmp, 'parseCompare.mjs');
  await esbuild.build({
    entryPoints: [join(root, 'bench/parseCompare.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    alias: { 'sdlab-old': tmp },
    logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  // The bundle cannot find ../shared/data from its own location: name it (tests look there too).
  const env = { ...process.env };
  env.SDLAB_SHARED_DATA ??= [join(root, '..', 'shared', 'data'), join(root, '..', '..', 'shared', 'data')].find((p) => existsSync(p));
  const r = spawnSync(process.execPath, [outfile, ...rest], { stdio: 'inherit', cwd: root, env });
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
