// Runs in Node (`npm run bench`, or `npm run bench -- parse` for this one). Parses generated
// flowcharts and architecture-beta diagrams of 100, 1,000 and 10,000 nodes with our parsers
// and with Mermaid's own parser in the same process, and prints medians and ratios.
// `--quick` skips Mermaid at 10,000 flowchart nodes (15-35 s for one parse).
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArchitecture } from '../src/core/design/architecture';
import { parseFlowchart } from '../src/core/design/flowchart';
import { generateArchitecture, generateFlowchart, type GeneratedDesign } from './generate';
import { loadMermaid } from './mermaidNode';
import { fmtMs, table } from './support';

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

interface Measure {
  /** Median wall-clock time. */
  wallMs: number;
  /** Median CPU time of the process (less disturbed when other work shares the cores). */
  cpuMs: number;
  runs: number;
}

function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Runs fn `warmup` times, then at least `minRuns` times and `minTimeMs` long; medians. */
async function measure(fn: () => unknown, { warmup = 3, minRuns = 7, minTimeMs = 300, maxRuns = 200 } = {}): Promise<Measure> {
  for (let i = 0; i < warmup; i++) await fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  const start = performance.now();
  while (wall.length < maxRuns && (wall.length < minRuns || performance.now() - start < minTimeMs)) {
    const w0 = performance.now();
    const c0 = cpuNow();
    await fn();
    cpu.push(cpuNow() - c0);
    wall.push(performance.now() - w0);
  }
  return { wallMs: median(wall), cpuMs: median(cpu), runs: wall.length };
}

interface Row {
  size: number;
  chars: number;
  ours: Measure;
  mermaid?: Measure;
  note: string;
}

function printRows(title: string, rows: Row[]): void {
  console.log(`\n${title}`);
  table(
    ['nodes', 'chars', 'ours wall', 'ours CPU', 'CPU per node', 'CPU growth', 'Mermaid wall', 'Mermaid CPU', 'Mermaid / ours (CPU)'],
    rows.map((r, i) => {
      const prev = rows[i - 1];
      const growth = prev ? `x${(r.ours.cpuMs / prev.ours.cpuMs).toFixed(1)} for x${(r.size / prev.size).toFixed(0)}` : '';
      return [
        r.size,
        r.chars,
        fmtMs(r.ours.wallMs),
        fmtMs(r.ours.cpuMs),
        `${((1000 * r.ours.cpuMs) / r.size).toFixed(2)} µs`,
        growth,
        r.mermaid ? `${fmtMs(r.mermaid.wallMs)}${r.note}` : r.note,
        r.mermaid ? fmtMs(r.mermaid.cpuMs) : '',
        r.mermaid ? `${(r.mermaid.cpuMs / r.ours.cpuMs).toFixed(0)}x` : '',
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

/**
 * Times each function once per round, rounds interleaved, and keeps the medians: when other
 * work on the machine comes and goes, every size sees the same conditions, so the growth from
 * one size to the next stays readable.
 */
function interleaved(fns: (() => unknown)[], rounds: number): Measure[] {
  const wall: number[][] = fns.map(() => []);
  const cpu: number[][] = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, i) => {
      const w0 = performance.now();
      const c0 = cpuNow();
      fn();
      cpu[i]!.push(cpuNow() - c0);
      wall[i]!.push(performance.now() - w0);
    });
  }
  return fns.map((_, i) => ({ wallMs: median(wall[i]!), cpuMs: median(cpu[i]!), runs: rounds }));
}

async function main(): Promise<void> {
  const mermaid = await loadMermaid<MermaidDiagram>();
  const load = loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`Parsing generated designs on ${cpus().length} cores (load average ${load}); medians of repeated runs.`);
  console.log(`Mermaid ${quick ? 'is skipped at 10,000 flowchart nodes (--quick)' : 'runs once at 10,000 flowchart nodes (15-35 s)'}.`);

  // Warm both parsers up on every size first, so the smallest size is not measured cold.
  const flows = SIZES.map((n) => generateFlowchart(n));
  const archs = SIZES.map((n) => generateArchitecture(n));
  for (let i = 0; i < 5; i++) for (const d of flows) parseFlowchart(d.text);
  for (let i = 0; i < 5; i++) for (const d of archs) parseArchitecture(d.text);

  const flowOurs = interleaved(
    flows.map((d) => () => parseFlowchart(d.text)),
    15,
  );
  const flowRows: Row[] = [];
  for (const [index, design] of flows.entries()) {
    const size = design.nodes;
    const ast = parseFlowchart(design.text);
    const ours = flowOurs[index]!;
    let result: Measure | undefined;
    let note = '';
    let counts: { nodes: number; links: number } | undefined;
    let diagram: MermaidDiagram | undefined;
    const mermaidParse = async (): Promise<void> => {
      diagram = await mermaid.mermaidAPI.getDiagramFromText(design.text);
    };
    if (size >= 10_000) {
      if (quick) note = 'skipped (--quick)';
      else {
        result = await measure(mermaidParse, { warmup: 0, minRuns: 1, minTimeMs: 0, maxRuns: 1 });
        note = ' (1 run)';
      }
    } else {
      result = await measure(mermaidParse, { warmup: 1, minRuns: size >= 1000 ? 3 : 7, minTimeMs: 0 });
      note = ` (${result.runs} runs)`;
    }
    if (diagram) counts = { nodes: diagram.db.getVertices!().size, links: diagram.db.getEdges().length };
    check(`flowchart ${size}`, design, { nodes: ast.vertices.length, links: ast.edges.length, errors: ast.errors.length }, counts);
    const row: Row = { size, chars: design.text.length, ours, note };
    if (result) row.mermaid = result;
    flowRows.push(row);
  }
  printRows('flowchart: parseFlowchart vs mermaid.mermaidAPI.getDiagramFromText', flowRows);

  const archOurs = interleaved(
    archs.map((d) => () => parseArchitecture(d.text)),
    15,
  );
  const archRows: Row[] = [];
  for (const [index, design] of archs.entries()) {
    const size = design.nodes;
    const ast = parseArchitecture(design.text);
    const ours = archOurs[index]!;
    let diagram: MermaidDiagram | undefined;
    const m = await measure(
      async () => {
        diagram = await mermaid.mermaidAPI.getDiagramFromText(design.text);
      },
      { warmup: size >= 10_000 ? 0 : 1, minRuns: size >= 10_000 ? 1 : 3, minTimeMs: 0, maxRuns: size >= 10_000 ? 1 : 3 },
    );
    const counts = { nodes: diagram!.db.getServices!().length + diagram!.db.getJunctions!().length, links: diagram!.db.getEdges().length };
    check(`architecture ${size}`, design, { nodes: ast.services.length + ast.junctions.length, links: ast.edges.length, errors: ast.errors.length }, counts);
    archRows.push({ size, chars: design.text.length, ours, mermaid: m, note: ` (${m.runs} runs)` });
  }
  printRows('architecture-beta: parseArchitecture vs mermaid.mermaidAPI.getDiagramFromText', archRows);
  console.log('\nOurs: medians of 15 rounds, sizes interleaved. CPU time is the process\'s (garbage collection included).');
  console.log('Targets for ours: linear growth; 1,000 flowchart nodes well under 5 ms, 10,000 under 50 ms.');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
