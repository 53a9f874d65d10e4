// Runs in Node: `npm run test:vscode`. Bundles the end-to-end suite with esbuild (the runner with
// every test/vscode/cases/*.ts, and the extension-host tests with every host/cases/*.ts) into
// .cache/vscode-e2e/build/, then runs it. Adding a case is adding a file: no list to edit.
//
//   npm run test:vscode                   every case
//   npm run test:vscode -- language       only cases whose file name or title contains "language"
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheDir, repoRoot } from '../../scripts/lib/codeServer.mjs';

const here = join(repoRoot, 'test', 'vscode');
const out = join(cacheDir(), 'vscode-e2e', 'build');

/** `import cases from 'sdlab:cases/<dir>'` = every .ts file of that folder, in name order. */
const casesPlugin = {
  name: 'sdlab-cases',
  setup(build) {
    build.onResolve({ filter: /^sdlab:cases\// }, (args) => ({ path: args.path.slice('sdlab:cases/'.length), namespace: 'sdlab-cases' }));
    build.onLoad({ filter: /.*/, namespace: 'sdlab-cases' }, (args) => {
      const dir = join(here, args.path);
      const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
      const imports = files.map((f, i) => `import c${i} from ${JSON.stringify(join(dir, f))};`);
      const list = files.map((f, i) => `{ file: ${JSON.stringify(f)}, case: c${i} }`);
      return { contents: `${imports.join('\n')}\nexport default [${list.join(', ')}];\n`, resolveDir: dir, loader: 'js' };
    });
  },
};

/** The shared script stays where it is: it finds the repository from its own location. */
const scriptsPlugin = {
  name: 'sdlab-scripts',
  setup(build) {
    build.onResolve({ filter: /scripts\/lib\/codeServer\.mjs$/ }, (args) => ({
      path: pathToFileURL(join(args.resolveDir, args.path)).href,
      external: true,
    }));
  },
};

const common = { bundle: true, platform: 'node', logLevel: 'warning', sourcemap: 'inline', plugins: [casesPlugin, scriptsPlugin] };

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: [join(here, 'runner.ts')],
    outfile: join(out, 'runner.mjs'),
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // The bundle sits under the repo, so `playwright-core` resolves from its node_modules.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  }),
  esbuild.build({
    ...common,
    entryPoints: [join(here, 'host', 'index.ts')],
    outfile: join(out, 'host', 'index.js'),
    format: 'cjs',
    // code-server's extension host runs on its own Node 24.
    target: 'node22',
    external: ['vscode'],
  }),
]);

const { main } = await import(pathToFileURL(join(out, 'runner.mjs')).href);
process.exitCode = await main({ hostBundle: join(out, 'host', 'index.js'), filter: process.argv.slice(2) });
