// `npm run bench`: bundles each bench/*.bench.ts with esbuild and runs it in its own Node
// process, one after another so they do not compete for the two cores. Benchmarks print
// figures and ratios against a baseline measured in the same run; nothing is asserted.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
// Arguments starting with `--` go to the benchmarks (e.g. `--quick`); the others select them.
const passThrough = process.argv.slice(2).filter((a) => a.startsWith('--'));
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const out = mkdtempSync(join(tmpdir(), 'sdlab-bench-'));
let failed = 0;
try {
  for (const file of benches) {
    const outfile = join(out, file.replace(/\.ts$/, '.mjs'));
    await esbuild.build({
      entryPoints: [join(here, file)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'warning',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    console.log(`\n=== ${file.replace(/\.bench\.ts$/, '')} ===`);
    const r = spawnSync(process.execPath, ['--expose-gc', outfile, ...passThrough], { stdio: 'inherit', cwd: join(here, '..') });
    if (r.status !== 0) {
      failed++;
      console.error(`bench ${file} exited with ${r.status}`);
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
