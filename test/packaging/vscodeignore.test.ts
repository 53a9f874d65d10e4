// Runs in Node (vitest). The .vsix holds only what runs in VS Code: .vscodeignore is an
// allowlist, and `vsce ls` (what `vsce package` would put in the package) is the judge.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/sharedData';

const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');

function vsceLs(cwd: string): string[] {
  const out = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd, encoding: 'utf8' });
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .sort();
}

/** What may ship: the bundles that run, static assets, the manifest and the Marketplace page. */
const shippable = [
  /^dist\/extension\.js$/,
  /^dist\/webview\/.+\.(js|css)$/,
  /^media\/.+$/,
  /^syntaxes\/[^/]+\.json$/,
  /^snippets\/[^/]+$/,
  /^language-configuration\.json$/,
  /^package\.json$/,
  /^(README|CHANGELOG)\.md$/,
  /^LICENSE$/,
];

interface Manifest {
  main?: string;
  icon?: string;
  contributes?: {
    languages?: { configuration?: string }[];
    grammars?: { path: string }[];
    snippets?: { path: string }[];
  };
}

/** Every file the manifest points at: VS Code needs each of them at run time. */
function referencedFiles(manifest: Manifest): string[] {
  const c = manifest.contributes ?? {};
  return [
    manifest.icon,
    ...(c.languages ?? []).map((l) => l.configuration),
    ...(c.grammars ?? []).map((g) => g.path),
    ...(c.snippets ?? []).map((s) => s.path),
  ]
    .filter((p): p is string => typeof p === 'string')
    .map((p) => p.replace(/^\.\//, ''));
}

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

describe('.vscodeignore', () => {
  it('packages exactly the shipped files out of a tree holding every kind of file the repo has', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdlab-vsix-'));
    temps.push(dir);
    for (const f of ['package.json', '.vscodeignore', 'LICENSE']) copyFileSync(join(repoRoot, f), join(dir, f));
    const planted: Record<string, boolean> = {
      // shipped
      'dist/extension.js': true,
      'dist/webview/main.js': true,
      'dist/webview/simWorker.js': true,
      'dist/webview/main.css': true,
      'media/icon.png': true,
      'media/panel.css': true,
      'syntaxes/mermaid.tmLanguage.json': true,
      'snippets/mermaid.code-snippets': true,
      'language-configuration.json': true,
      'README.md': true,
      'CHANGELOG.md': true,
      // not shipped: source, maps, the CLI, tests, tooling, caches, data
      'dist/extension.js.map': false,
      'dist/webview/main.js.map': false,
      'dist/cli.js': false,
      'dist/cli.js.map': false,
      'src/extension.ts': false,
      'src/core/lint/rules/spof.ts': false,
      'test/core/lint.test.ts': false,
      'test/fixtures/a.mmd': false,
      'test/vscode/run.mjs': false,
      'bench/run.mjs': false,
      'examples/url-shortener.mmd': false,
      'docs/rules/spof.md': false,
      'scripts/start.mjs': false,
      'scripts/icon.svg': false,
      'tools/code-server/package-lock.json': false,
      'node_modules/mermaid/package.json': false,
      '.cache/code-server/x/node_modules/code-server/package.json': false,
      'test-results/vscode/workbench.png': false,
      'shared/data/mermaid-corpus/README.md': false,
      '.vscode/launch.json': false,
      '.ci/run': false,
      'tsconfig.json': false,
      'esbuild.mjs': false,
      'vitest.config.mts': false,
      'package-lock.json': false,
      'system-design-lab.vsix': false,
    };
    for (const f of Object.keys(planted)) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      if (!existsSync(join(dir, f))) writeFileSync(join(dir, f), f.endsWith('.json') ? '{}\n' : 'x\n');
    }
    const expected = ['package.json', 'LICENSE', ...Object.keys(planted).filter((f) => planted[f])].sort();
    expect(vsceLs(dir)).toEqual(expected);
  });

  it('the repository as it stands packages only shippable files, and every file the manifest names', () => {
    // vsce walks every file under the folder, .cache/ (600 MB of code-server) included: list a
    // copy of the files git would commit and the built bundles instead: what a clean clone packages.
    const dir = mkdtempSync(join(tmpdir(), 'sdlab-vsix-'));
    temps.push(dir);
    const tracked = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
    const built = existsSync(join(repoRoot, 'dist'))
      ? readdirSync(join(repoRoot, 'dist'), { recursive: true }).map((f) => `dist/${String(f)}`)
      : [];
    for (const f of ['.vscodeignore', ...tracked, ...built]) {
      const from = join(repoRoot, f);
      if (!existsSync(from) || statSync(from).isDirectory()) continue;
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      copyFileSync(from, join(dir, f));
    }
    const listed = vsceLs(dir);
    const stray = listed.filter((f) => !shippable.some((re) => re.test(f)));
    expect(stray).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Manifest;
    const needed = referencedFiles(manifest);
    // The main bundle exists only after a build; when it does, it must ship.
    const main = manifest.main?.replace(/^\.\//, '');
    if (main && existsSync(join(repoRoot, main))) needed.push(main);
    expect(needed.filter((f) => !listed.includes(f))).toEqual([]);
    expect(listed).toContain('media/icon.png');
  });
});
