// Runs in Node (`npm run bench`, or `npm run bench -- lint`). Parse + infer + lint of generated
// designs of 100, 1,000 and 10,000 nodes (bench/generate.ts), beside Mermaid's own parse of the
// same text. Targets: 1,000 nodes within one frame (16 ms) so typing never waits, and linear
// growth. `--quick` skips Mermaid at 10,000 nodes (15-35 s for one parse). Figures only.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseDesign } from '../src/core/design/index';
import { lintDesign } from '../src/core/lint/index';
import { generateFlowchart } from './generate';
import { fmtMs, table, time } from './support';

const quick = process.argv.includes('--quick') || process.env.SDLAB_BENCH_QUICK === '1';
const SIZES = [100, 1_000, 10_000];

interface MermaidApi {
  initialize(config: Record<string, unknown>): void;
  mermaidAPI: { getDiagramFromText(text: string): Promise<unknown> };
}

/** Imports a package installed in the project (the bundled bench runs from a temporary folder). */
async function importFromProject(specifier: string): Promise<Record<string, unknown>> {
  const require = createRequire(join(process.cwd(), 'package.json'));
  return (await import(pathToFileURL(require.resolve(specifier)).href)) as Record<string, unknown>;
}

async function loadMermaid(): Promise<MermaidApi> {
  // Mermaid needs a DOM as soon as labels are sanitized (../shared/notes/mermaid-in-node.md).
  const jsdom = (await importFromProject('jsdom')) as { JSDOM: new (html: string) => { window: { document: unknown } } };
  const dom = new jsdom.JSDOM('<!doctype html><html><body></body></html>');
  const g = globalThis as Record<string, unknown>;
  g.window = dom.window;
  g.document = dom.window.document;
  const mermaid = (await importFromProject('mermaid/dist/mermaid.core.mjs')).default as MermaidApi;
  mermaid.initialize({ startOnLoad: false, maxEdges: 1_000_000, maxTextSize: 100_000_000 });
  return mermaid;
}

async function mermaidMedian(mermaid: MermaidApi, text: string, runs: number): Promise<number> {
  await mermaid.mermaidAPI.getDiagramFromText(text);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await mermaid.mermaidAPI.getDiagramFromText(text);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

function pipeline(text: string) {
  return lintDesign(parseDesign(text), { text });
}

async function main(): Promise<void> {
  const mermaid = await loadMermaid();
  const rows: (string | number)[][] = [];
  let prev: { size: number; ms: number } | undefined;
  for (const size of SIZES) {
    const { text } = generateFlowchart(size);
    const design = parseDesign(text);
    const result = lintDesign(design, { text });
    const all = time(() => pipeline(text), { warmup: 3, minRuns: 7, minTimeMs: 500 });
    const lintOnly = time(() => lintDesign(design, { text }), { warmup: 3, minRuns: 7, minTimeMs: 500 });
    let mermaidMs: number | undefined;
    let note = '';
    if (size >= 10_000 && quick) note = 'skipped (--quick)';
    else {
      const runs = size >= 10_000 ? 1 : size >= 1_000 ? 3 : 7;
      mermaidMs = await mermaidMedian(mermaid, text, runs);
      note = ` (${runs} run${runs > 1 ? 's' : ''})`;
    }
    rows.push([
      design.components.length,
      text.length,
      result.findings.length,
      `${fmtMs(all.medianMs)} (min ${fmtMs(all.minMs)})`,
      `${fmtMs(lintOnly.medianMs)} (min ${fmtMs(lintOnly.minMs)})`,
      `${((1000 * all.medianMs) / size).toFixed(2)} µs`,
      prev ? `x${(all.medianMs / prev.ms).toFixed(1)} for x${(size / prev.size).toFixed(0)}` : '',
      mermaidMs === undefined ? note : `${fmtMs(mermaidMs)}${note}`,
      mermaidMs === undefined ? '' : `${(mermaidMs / all.medianMs).toFixed(0)}x`,
    ]);
    prev = { size, ms: all.medianMs };
  }
  console.log('parse + infer + lint (parseDesign + lintDesign) vs mermaid.mermaidAPI.getDiagramFromText; medians, and minima (a shared machine adds to medians)');
  table(['nodes', 'chars', 'findings', 'parse+lint', 'lint only', 'per node', 'growth', 'Mermaid', 'Mermaid / ours'], rows);
  console.log('Targets: 1,000 nodes under 16 ms (one frame), linear growth.');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
