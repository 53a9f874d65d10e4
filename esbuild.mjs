// Builds the three bundles: the extension host (Node, CommonJS, 'vscode' external), the
// `sdlab` CLI (Node), and the webview (browser). `--watch` rebuilds on change;
// `--production` minifies and drops source maps.
import * as esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'info',
  legalComments: production ? 'none' : 'inline',
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // ESM dependencies bundled into CommonJS (tinyglobby's fdir) read import.meta.url: give them this file's.
    banner: { js: "#!/usr/bin/env node\nconst __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
    define: { SDLAB_VERSION: JSON.stringify(pkg.version), 'import.meta.url': '__import_meta_url' },
  },
];

// The webview runs in VS Code's Electron (Chromium 120+ for engines ^1.90), so a Chromium
// target keeps modern syntax without transpiling it away.
const webviewEntries = Object.fromEntries(
  [
    ['main', 'src/webview/main.ts'],
    ['simWorker', 'src/webview/simWorker.ts'],
  ].filter(([, file]) => existsSync(file)),
);
if (Object.keys(webviewEntries).length > 0) {
  builds.push({
    ...common,
    entryPoints: webviewEntries,
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  });
}

/**
 * In watch mode, one line per build and per problem in the shape .vscode/tasks.json's problem
 * matcher reads (`✘ [ERROR] message` then `    file:line:column:`, 1-based), so F5 waits for the first
 * build and errors land in the Problems panel.
 */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const [kind, list] of [['ERROR', result.errors], ['WARNING', result.warnings]]) {
        for (const { text, location } of list) {
          console.error(`✘ [${kind}] ${text}`);
          if (location) console.error(`    ${location.file}:${location.line}:${location.column + 1}:`);
        }
      }
      console.log('[watch] build finished');
    });
  },
};

if (watch) {
  const contexts = await Promise.all(
    builds.map((b) => esbuild.context({ ...b, logLevel: 'silent', plugins: [...(b.plugins ?? []), problemMatcherPlugin] })),
  );
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
