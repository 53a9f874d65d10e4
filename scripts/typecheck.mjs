// Type-checks each source folder under its own tsconfig, so a DOM call in the core or a
// 'vscode' import outside src/vscode fails the check (DESIGN.md §1).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
const projects = [
  'src/core',
  'src/shared',
  'src/cli',
  'src/vscode',
  'src/webview',
  'test',
  'test/vscode',
].filter((p) => existsSync(`${p}/tsconfig.json`) && hasTypeScript(p));

/** A folder with a config but no sources yet has nothing to check (tsc would call it an error). */
function hasTypeScript(dir) {
  return readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith('.ts') && !String(f).includes('node_modules'));
}

let failed = 0;

// tsc reports a forbidden 'vscode' import at scripts/boundaries/vscode.ts; name the importer too.
for (const dir of ['src/core', 'src/shared', 'src/cli', 'src/webview'].filter(existsSync)) {
  for (const f of readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'))) {
    const lines = readFileSync(`${dir}/${f}`, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (/(from\s+|import\s*\(\s*|require\(\s*|^\s*import\s+)['"]vscode['"]/.test(line)) {
        console.error(`${dir}/${f}:${i + 1}: only src/vscode and src/extension.ts may import 'vscode'`);
        failed++;
      }
    });
  }
}
for (const project of projects) {
  const r = spawnSync(process.execPath, [tsc, '--noEmit', '-p', project], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`typecheck: ${project} failed`);
  }
}
if (failed) process.exit(1);
console.log(`typecheck: ${projects.length} projects clean`);
