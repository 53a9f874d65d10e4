// Runs in Node (a development tool, not part of the test suite): differential fuzzing of our
// parsers against Mermaid's own, in one process. Mutates the corpus diagrams (inserts syntax
// fragments, deletes characters, duplicates lines) and reports every mutation on which the
// two disagree about acceptance, node ids, edges, labels or shapes (flowchart) or about groups,
// services, junctions and edges (architecture-beta).
//
//   node scripts/mermaid-diff.mjs [flowchart|architecture] [count=300] [seed=1]
//
// Needs ../shared/data/mermaid-corpus (or SDLAB_SHARED_DATA) and the dev dependencies.
import * as esbuild from 'esbuild';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [kind = 'flowchart', countArg = '300', seedArg = '1'] = process.argv.slice(2);
const count = Number(countArg);
let seed = Number(seedArg);

const dataDir = [process.env.SDLAB_SHARED_DATA, join(root, '..', 'shared', 'data'), join(root, '..', '..', 'shared', 'data'), '/work/shared/data']
  .filter(Boolean)
  .find((p) => existsSync(join(p, 'mermaid-corpus')));
if (!dataDir) {
  console.error('mermaid-diff: the shared corpus (mermaid-corpus) was not found; set SDLAB_SHARED_DATA');
  process.exit(2);
}

const out = mkdtempSync(join(tmpdir(), 'sdlab-diff-'));
const bundle = join(out, 'parsers.mjs');
await esbuild.build({
  stdin: {
    contents: "export { parseFlowchart } from './src/core/design/flowchart'; export { parseArchitecture } from './src/core/design/architecture';",
    resolveDir: root,
    loader: 'ts',
  },
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'esm',
  logLevel: 'warning',
});
const ours = await import(pathToFileURL(bundle).href);
rmSync(out, { recursive: true, force: true });

const { JSDOM } = await import('jsdom');
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const mermaid = (await import('mermaid')).default;
mermaid.initialize({ startOnLoad: false, maxEdges: 1_000_000, maxTextSize: 100_000_000 });

const rand = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const FRAGMENTS =
  kind === 'architecture'
    ? ['a', 'L', 'R', 'B', ' ', '\n', ':', '--', '-', '<', '>', '{group}', '[', ']', '(', ')', '"', "'", 'in ', 'service ', 'group ', 'junction ', 'align row ', '%%', 'title ', 'x', '-[t]-', '#quot;']
    : ['A', ' ', '\n', ';', '-->', '---', '-.->', '==>', '~~~', '--', '-.', '==', '|', '[', ']', '(', ')', '{', '}', '"', '`', '&', ':::', ':', ',', '@{', 'e1@', '%%', '---', 'subgraph x', 'end', 'direction LR', 'style A fill:#f00', 'class A c', 'click A cb', '#quot;', '<br/>', 'v', '>', '<', '\\', '/', '.', '=', 'o', 'x', '1', 'é', '*', '#'];
const folder = join(dataDir, 'mermaid-corpus', kind);
const files = readdirSync(folder).filter((f) => f.endsWith('.mmd'));
/** Mermaid keeps entity codes in a private encoding that it decodes when rendering. */
const decode = (x) => (typeof x === 'string' ? x.replace(/\uFB02\u00B0\u00B0/g, '&#').replace(/\uFB02\u00B0/g, '&').replace(/\u00B6\u00DF/g, ';') : x);
const fields = (o) => JSON.stringify(Object.entries(o).filter(([k, v]) => v !== undefined && !['range', 'type', 'edges'].includes(k)).sort(([a], [b]) => a.localeCompare(b)));

let agree = 0;
let disagree = 0;
for (let n = 0; n < count; n++) {
  let text = readFileSync(join(folder, files[Math.floor(rand() * files.length)]), 'utf8');
  for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) {
    const at = Math.floor(rand() * (text.length + 1));
    const r = rand();
    if (r < 0.5) text = text.slice(0, at) + FRAGMENTS[Math.floor(rand() * FRAGMENTS.length)] + text.slice(at);
    else if (r < 0.85) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 3));
    else {
      const lines = text.split('\n');
      const i = Math.floor(rand() * lines.length);
      lines.splice(i, 0, lines[i]);
      text = lines.join('\n');
    }
  }
  let accepted = true;
  let error = '';
  let db;
  try {
    await mermaid.parse(text);
    db = (await mermaid.mermaidAPI.getDiagramFromText(text)).db;
  } catch (e) {
    accepted = false;
    error = String(e?.message ?? e);
  }
  if (/No diagram type detected/.test(error)) continue;
  const isFlow = kind === 'flowchart';
  if (accepted && (isFlow ? !db.getVertices : !db.getServices)) continue; // mutated into another diagram type
  const ast = isFlow ? ours.parseFlowchart(text) : ours.parseArchitecture(text);
  const ourAccepted = ast.errors.every((e) => e.severity !== 'error');
  let why = '';
  if (ourAccepted !== accepted) {
    why = ourAccepted ? `Mermaid rejects: ${error.slice(0, 200)}` : `we reject: ${ast.errors.map((e) => e.message).join(' | ').slice(0, 200)}`;
  } else if (accepted && isFlow) {
    const vs = (xs) => JSON.stringify(xs.sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    const a = vs(ast.vertices.map((v) => [v.id, v.text ?? v.id, v.shape ?? null]));
    const b = vs([...db.getVertices().values()].map((v) => [v.id, decode(v.text), v.type ?? null]));
    const c = JSON.stringify(ast.edges.map((e) => [e.id, e.start, e.end]));
    const d = JSON.stringify(db.getEdges().map((e) => [e.id, e.start, e.end]));
    if (a !== b) why = `vertices\n  ours   ${a.slice(0, 300)}\n  Mermaid ${b.slice(0, 300)}`;
    else if (c !== d) why = `edges\n  ours   ${c.slice(0, 300)}\n  Mermaid ${d.slice(0, 300)}`;
  } else if (accepted) {
    const theirs = { groups: db.getGroups(), services: db.getServices(), junctions: db.getJunctions(), edges: db.getEdges() };
    for (const key of Object.keys(theirs)) {
      const a = JSON.stringify(ast[key].map(fields));
      const b = JSON.stringify(theirs[key].map(fields));
      if (a !== b) {
        why = `${key}\n  ours   ${a.slice(0, 300)}\n  Mermaid ${b.slice(0, 300)}`;
        break;
      }
    }
  }
  if (why) {
    disagree++;
    console.log(`--- ${JSON.stringify(text).slice(0, 500)}\n  ${why}`);
  } else {
    agree++;
  }
}
console.log(`${kind}: ${agree} mutations agree, ${disagree} disagree`);
process.exitCode = disagree ? 1 : 0;
