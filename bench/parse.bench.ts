// Runs in Node (`npm run bench`, or `npm run bench -- parse` for this one). Parses generated
// flowcharts and architecture-beta diagrams of 100, 1,000 and 10,000 nodes with our parsers
// and with Mermaid's own parser in the same process, and prints medians and ratios.
// `--quick` skips Mermaid at 10,000 flowchart nodes (15-35 s for one parse).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArchitecture } from '../src/core/design/architecture';
import { parseFlowchart } from '../src/core/design/flowchart';
import { generateArchitecture, generateFlowchart, type GeneratedDesign } from './generate';
import { fmtMs, table, time } from './support';

const quick = process.argv.includes('--quick') || process.env.SDLAB_BENCH_QUICK === '1';
const SIZES = [100, 1000, 10_000];

interface MermaidDiagram {
  db: {
    getVertices?: () => Map<string, unknown>;
    getEdges: () => unknown[];
    getServices?: () => unknown[];
    getJunctions?: () => unknown[];
  };
}
interface MermaidApi {
  initialize(config: Record<string, unknown>): void;
  mermaidAPI: { getDiagramFromText(text: string): Promise<MermaidDiagram> };
}

/** Imports a package installed in the project (the bundled bench runs from a temporary folder). */
async function importFromProject(specifier: string): Promise<Record<string, unknown>> {
  const require = createRequire(join(process.cwd(), 'package.json'));
  const path = require.resolve(specifier);
  const url: string = pathToFileURL(path).href;
  return (await import(url)) as Record<string, unknown>;
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

async function timeAsync(fn: () => Promise<unknown>, runs: number): Promise<{ medianMs: number; runs: number }> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { medianMs: samples[Math.floor(samples.length / 2)]!, runs };
}

async function once(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

interface Row {
  size: number;
  chars: number;
  oursMs: number;
  mermaidMs?: number;
  note: string;
}

function printRows(title: string, rows: Row[]): void {
  console.log(`\n${title}`);
  table(
    ['nodes', 'chars', 'ours (median)', 'per node', 'growth', 'Mermaid', 'Mermaid / ours'],
    rows.map((r, i) => {
      const prev = rows[i - 1];
      const growth = prev ? `x${(r.oursMs / prev.oursMs).toFixed(1)} for x${(r.size / prev.size).toFixed(0)}` : '';
      return [
        r.size,
        r.chars,
        fmtMs(r.oursMs),
        `${((1000 * r.oursMs) / r.size).toFixed(2)} µs`,
        growth,
        r.mermaidMs === undefined ? r.note : `${fmtMs(r.mermaidMs)}${r.note}`,
        r.mermaidMs === undefined ? '' : `${(r.mermaidMs / r.oursMs).toFixed(0)}x`,
      ];
    }),
  );
}

function check(label: string, design: GeneratedDesign, ours: { nodes: number; links: number; errors: number }, mermaid?: { nodes: number; links: number }): void {
  const problems: string[] = [];
  if (ours.errors > 0) problems.push(`our parser reported ${ours.errors} errors`);
  if (ours.nodes !== design.nodes || ours.links !== design.links) problems.push(`ours ${ours.nodes}/${ours.links}, generated ${design.nodes}/${design.links}`);
  if (mermaid && (mermaid.nodes !== ours.nodes || mermaid.links !== ours.links)) problems.push(`Mermaid ${mermaid.nodes}/${mermaid.links}`);
  if (problems.length) console.log(`  ! ${label}: ${problems.join('; ')}`);
}

async function main(): Promise<void> {
  const mermaid = await loadMermaid();
  console.log(`Parsing generated designs; Mermaid ${quick ? 'skipped at 10,000 flowchart nodes (--quick)' : 'runs once at 10,000 flowchart nodes'}.`);

  const flowRows: Row[] = [];
  for (const size of SIZES) {
    const design = generateFlowchart(size);
    const ast = parseFlowchart(design.text);
    const ours = time(() => parseFlowchart(design.text), { warmup: 3, minRuns: 7, minTimeMs: 500 });
    let mermaidMs: number | undefined;
    let note = '';
    let counts: { nodes: number; links: number } | undefined;
    if (size >= 10_000) {
      if (!quick) {
        let diagram: MermaidDiagram | undefined;
        mermaidMs = await once(async () => {
          diagram = await mermaid.mermaidAPI.getDiagramFromText(design.text);
        });
        note = ' (1 run)';
        counts = { nodes: diagram!.db.getVertices!().size, links: diagram!.db.getEdges().length };
      } else {
        note = 'skipped (--quick)';
      }
    } else {
      const d = await mermaid.mermaidAPI.getDiagramFromText(design.text);
      counts = { nodes: d.db.getVertices!().size, links: d.db.getEdges().length };
      const m = await timeAsync(() => mermaid.mermaidAPI.getDiagramFromText(design.text), size >= 1000 ? 3 : 7);
      mermaidMs = m.medianMs;
      note = ` (${m.runs} runs)`;
    }
    check(`flowchart ${size}`, design, { nodes: ast.vertices.length, links: ast.edges.length, errors: ast.errors.length }, counts);
    const row: Row = { size, chars: design.text.length, oursMs: ours.medianMs, note };
    if (mermaidMs !== undefined) row.mermaidMs = mermaidMs;
    flowRows.push(row);
  }
  printRows('flowchart: parseFlowchart vs mermaid.mermaidAPI.getDiagramFromText', flowRows);

  const archRows: Row[] = [];
  for (const size of SIZES) {
    const design = generateArchitecture(size);
    const ast = parseArchitecture(design.text);
    const ours = time(() => parseArchitecture(design.text), { warmup: 3, minRuns: 7, minTimeMs: 500 });
    const d = await mermaid.mermaidAPI.getDiagramFromText(design.text);
    const counts = { nodes: d.db.getServices!().length + d.db.getJunctions!().length, links: d.db.getEdges().length };
    const m = await timeAsync(() => mermaid.mermaidAPI.getDiagramFromText(design.text), size >= 10_000 ? 1 : 3);
    check(`architecture ${size}`, design, { nodes: ast.services.length + ast.junctions.length, links: ast.edges.length, errors: ast.errors.length }, counts);
    archRows.push({ size, chars: design.text.length, oursMs: ours.medianMs, mermaidMs: m.medianMs, note: ` (${m.runs} runs)` });
  }
  printRows('architecture-beta: parseArchitecture vs mermaid.mermaidAPI.getDiagramFromText', archRows);
  console.log('\nTargets for ours: linear growth; 1,000 flowchart nodes well under 5 ms, 10,000 under 50 ms.');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
