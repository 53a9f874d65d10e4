// Runs in Node (`npm run bench`, or `npm run bench -- design` for this one). Times parseDesign
// (parse + annotations + kind inference + links, roles, regions) on generated flowcharts and
// architecture-beta diagrams of 100, 1,000 and 10,000 nodes, against the bare parser measured
// in the same run, and a Markdown file holding the same design in a list-item fence. Prints
// medians, per-node cost and growth; the targets are 1,000 nodes under 5 ms and 10,000 under
// 50 ms, growing linearly. Nothing is asserted.
import { parseArchitecture } from '../src/core/design/architecture';
import { parseFlowchart } from '../src/core/design/flowchart';
import { parseDesign, parseDesignDocument } from '../src/core/design/index';
import { generateArchitecture, generateFlowchart, type GeneratedDesign } from './generate';
import { fmtMs, table, time } from './support';

const SIZES = [100, 1000, 10_000];
const gc = (globalThis as { gc?: () => void }).gc;

interface Row {
  nodes: number;
  links: number;
  parseMs: number;
  designMs: number;
  markdownMs: number;
  components: number;
}

function measure(generate: (n: number) => GeneratedDesign, parse: (text: string) => unknown): Row[] {
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
    const opts = size >= 10_000 ? { warmup: 1, minRuns: 5, minTimeMs: 500 } : { warmup: 3, minRuns: 10, minTimeMs: 500 };
    gc?.();
    const parseMs = time(() => parse(g.text), opts).medianMs;
    gc?.();
    const designMs = time(() => parseDesign(g.text), opts).medianMs;
    gc?.();
    const markdownMs = time(() => parseDesignDocument(markdown, { fileName: 'design.md' }), opts).medianMs;
    rows.push({ nodes: g.nodes, links: g.links, parseMs, designMs, markdownMs, components: design.components.length });
  }
  return rows;
}

function print(title: string, rows: Row[]): void {
  console.log(`\n${title}`);
  table(
    ['nodes', 'links', 'parse only', 'parseDesign', 'per node', 'growth', 'design / parse', 'in Markdown', 'target'],
    rows.map((r, i) => {
      const prev = rows[i - 1];
      const growth = prev ? `×${(r.designMs / prev.designMs).toFixed(1)} for ×${(r.nodes / prev.nodes).toFixed(0)}` : '-';
      const target = r.nodes >= 10_000 ? 50 : r.nodes >= 1000 ? 5 : undefined;
      return [
        r.nodes,
        r.links,
        fmtMs(r.parseMs),
        fmtMs(r.designMs),
        `${((r.designMs / r.nodes) * 1000).toFixed(2)} µs`,
        growth,
        `×${(r.designMs / r.parseMs).toFixed(2)}`,
        fmtMs(r.markdownMs),
        target === undefined ? '-' : `${r.designMs <= target ? 'under' : 'OVER'} ${target} ms`,
      ];
    }),
  );
}

print('flowchart: parseDesign vs parseFlowchart (medians)', measure(generateFlowchart, parseFlowchart));
print('architecture-beta: parseDesign vs parseArchitecture (medians)', measure(generateArchitecture, parseArchitecture));
console.log('\n"design / parse" is what annotations, inference, links, roles and regions add to parsing.');
