// Runs in Node before `npm start` and `npm test` (their pre-scripts), so either can be the first
// command typed in a fresh clone: installs the extension's dependencies with `npm ci` when
// node_modules is missing or older than package-lock.json. Node built-ins only: nothing else is
// installed yet when it runs.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lock = join(root, 'package-lock.json');
// npm rewrites this file at the end of every install: its age is the age of node_modules.
const installed = join(root, 'node_modules', '.package-lock.json');

function mtime(file) {
  return existsSync(file) ? statSync(file).mtimeMs : -1;
}

const reason = !existsSync(installed)
  ? 'node_modules is missing'
  : mtime(lock) > mtime(installed)
    ? 'package-lock.json is newer than node_modules'
    : undefined;

if (reason) {
  console.log(`[sdlab] ${reason}: running npm ci`);
  const t0 = performance.now();
  // The npm that runs this pre-script, on this same Node (npm_execpath); `npm` from PATH otherwise.
  const npmCli = process.env.npm_execpath;
  const [cmd, args] = npmCli && /\.c?js$/.test(npmCli) ? [process.execPath, [npmCli]] : ['npm', []];
  const r = spawnSync(cmd, [...args, 'ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`[sdlab] npm ci failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
  console.log(`[sdlab] dependencies installed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
