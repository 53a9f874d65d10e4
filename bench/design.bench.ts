// Runs in Node (`npm run bench`, or `npm run bench -- design` for this one). Times parseDesign
// (parse + annotations + kind inference + links, roles, regions) on generated flowcharts and
// architecture-beta diagrams of 100, 1,000 and 10,000 nodes, against the bare parser measured
// in the same run, and a Markdown file holding the same design in a list-item fence. Prints
// medians and per-node cost; the targets are 1,000 nodes under 5 ms and 10,000 under 50 ms,
// growing linearly. Nothing is asserted.
//
// Wall-clock medians swing wildly when other processes share the two cores, so each run also
// records the process's CPU time (process.cpuUsage), which does not count time spent waiting
// for a core; that median is the figure to compare with the targets on a busy machine.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArchitecture } from '../src/core/design/architecture';
import { parseFlowchart } from '../src/core/design/flowchart';
import type { ArchitectureAst, FlowchartAst } from '../src/core/design/ast';
import { buildArchitectureDesign, buildFlowchartDesign } from '../src/core/design/build';
import { parseDesign, parseDesignDocument } from '../src/core/design/index';
import { copyDesign } from './designCopy';
import { generateArchitecture, generateFlowchart, type GeneratedDesign } from './generate';
import { fmtMs, table } from './support';

const SIZES = [100, 1000, 10_000];
const gc = (globalThis as { gc?: () => void }).gc;

interface Timing {
  wallMs: number;
  cpuMs: number;
  /** Fastest wall-clock run: the least disturbed one. */
  minMs: number;
}

/** Medians of wall-clock and CPU time over at least `minRuns` runs and `minTimeMs` of wall time, after warm-up. */
function measure(fn: () => unknown, { warmup = 3, minRuns = 10, minTimeMs = 500, maxRuns = 200 } = {}): Timing {
  for (let i = 0; i < warmup; i++) fn();
  gc?.();
  const wall: number[] = [];
  const cpu: number[] = [];
  const start = performance.now();
  while (wall.length < maxRuns && (wall.length < minRuns || performance.now() - start < minTimeMs)) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { wallMs: median(wall), cpuMs: median(cpu), minMs: Math.min(...wall) };
}

interface Row {
  nodes: number;
  links: number;
  parse: Timing;
  /** The design layer alone: syntax tree -> Design (annotations, inference, links, roles, regions). */
  build: Timing;
  design: Timing;
  markdown: Timing;
  /** A field-by-field copy of the Design: its objects alone, with no parsing (the floor for this output). */
  output: Timing;
}

function run(
  generate: (n: number) => GeneratedDesign,
  parse: (text: string) => FlowchartAst | ArchitectureAst,
): Row[] {
  const rows: Row[] = [];
  for (const size of SIZES) {
    const g = generate(size);
    // The same diagram as a Markdown reader would hold it: indented in a list item's fence.
    const markdown = `# Design\n\n- The architecture:\n\n  \`\`\`mermaid\n${g.text.replace(/^(?=.)/gm, '  ')}  \`\`\`\n`;
    const design = parseDesign(g.text);
    const doc = parseDesignDocument(markdown, { fileName: 'design.md' });
    if (doc.designs.length !== 1 || doc.designs[0]!.components.length !== design.components.length) {
      throw new Error(`the Markdown copy of the ${size}-node design did not read the same`);
    }
    const opts = size >= 10_000 ? { warmup: 1, minRuns: 7, minTimeMs: 1000 } : { warmup: 5, minRuns: 20, minTimeMs: 500 };
    rows.push({
      nodes: g.nodes,
      links: g.links,
      parse: measure(() => parse(g.text), opts),
      build: (() => {
        const ast = parse(g.text);
        return measure(() => (ast.type === 'flowchart' ? buildFlowchartDesign(ast, g.text) : buildArchitectureDesign(ast, g.text)), opts);
      })(),
      design: measure(() => parseDesign(g.text), opts),
      markdown: measure(() => parseDesignDocument(markdown, { fileName: 'design.md' }), opts),
      output: measure(() => copyDesign(design), opts),
    });
  }
  return rows;
}

function print(title: string, rows: Row[]): void {
  console.log(`\n${title}`);
  table(
    ['nodes', 'links', 'parse (cpu)', 'build (cpu)', 'parseDesign (cpu)', '(wall)', '(fastest)', 'per node', 'growth', 'build / parse', 'parseDesign / parse', 'in Markdown', 'Design objects alone', 'target'],
    rows.map((r, i) => {
      const prev = rows[i - 1];
      const growth = prev ? `×${(r.design.cpuMs / prev.design.cpuMs).toFixed(1)} for ×${(r.nodes / prev.nodes).toFixed(0)}` : '-';
      const target = r.nodes >= 10_000 ? 50 : r.nodes >= 1000 ? 5 : undefined;
      return [
        r.nodes,
        r.links,
        fmtMs(r.parse.cpuMs),
        fmtMs(r.build.cpuMs),
        fmtMs(r.design.cpuMs),
        fmtMs(r.design.wallMs),
        fmtMs(r.design.minMs),
        `${((r.design.cpuMs / r.nodes) * 1000).toFixed(2)} µs`,
        growth,
        `×${(r.build.cpuMs / r.parse.cpuMs).toFixed(2)}`,
        `×${(r.design.cpuMs / r.parse.cpuMs).toFixed(2)}`,
        fmtMs(r.markdown.cpuMs),
        `${fmtMs(r.output.cpuMs)} (${((r.output.cpuMs / r.design.cpuMs) * 100).toFixed(0)}%)`,
        target === undefined ? '-' : `${r.design.cpuMs <= target ? 'under' : 'OVER'} ${target} ms`,
      ];
    }),
  );
}

console.log(`load average at start: ${loadavg().map((x) => x.toFixed(1)).join(' ')} (2 cores: above 2, figures are inflated)`);
print('flowchart: parseDesign vs parseFlowchart (medians)', run(generateFlowchart, parseFlowchart));
print('architecture-beta: parseDesign vs parseArchitecture (medians)', run(generateArchitecture, parseArchitecture));
console.log('\n"build" is the design layer alone (syntax tree -> Design: annotations, inference, links, roles, regions);');
console.log('parseDesign = diagram detection + parse + build; the ratios are against the bare parser (the baseline), measured in the same run;');
console.log('"in Markdown" finds the fence, parses it and maps every range back to the file;');
console.log('"Design objects alone" copies the result field by field (no parsing): the floor for this output, as a share of parseDesign.');
console.log(`load average at end: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
