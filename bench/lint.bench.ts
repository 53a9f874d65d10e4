// Runs in Node (`npm run bench`). Parse + infer + lint of generated designs of 100, 1,000 and
// 10,000 nodes, beside Mermaid's own parse of the same text. The target: 1,000 nodes within one
// frame (16 ms) while typing, and linear growth (x10 nodes => about x10 time). Figures only.
import { JSDOM } from 'jsdom';
import { buildFlowchartDesign } from '../src/core/design/build';
import { parseFlowchart } from '../src/core/design/flowchart';
import { lintDesign } from '../src/core/lint/index';
import { fmtMs, table, time } from './support';

/**
 * A two-region design of about `nodes` components, shaped like the examples: two DNS
 * providers and CDNs in front, per region a load-balancer pair and chains of services (ten
 * deep, so the dominator trees have depth), each service with a cache and a database whose
 * primary in region 0 replicates to region 1. Every rule has work to do.
 */
export function generateDesign(nodes: number): string {
  const lines = ['flowchart LR', '  %% @design availability=99.99 consistency=strong'];
  lines.push('  users([Users]) & mobile([Mobile app]) --> dns1[Route 53] & dns2[Cloudflare DNS]');
  lines.push('  dns1 & dns2 --> cdn1[CDN A] & cdn2[CDN B]');
  const regions = 2;
  const perService = 3;
  const services = Math.max(1, Math.floor((nodes - 7 - regions) / (regions * perService)));
  for (let r = 0; r < regions; r++) {
    lines.push(`  cdn1 & cdn2 --> lb_${r}`);
    lines.push(`  subgraph region_${r}[Region ${r}]`);
    lines.push(`    lb_${r}[Load balancer x2]`);
    for (let i = 0; i < services; i++) {
      const s = `svc_${r}_${i}`;
      // Every tenth service fronts a chain; some run one instance, some lack a replica: findings to report.
      lines.push(`    ${i % 10 === 0 ? `lb_${r}` : `svc_${r}_${i - 1}`} --> ${s}[Service ${i}${i % 7 === 3 ? '' : ' x3'}]`);
      lines.push(`    ${s} --> cache_${r}_${i}[(Redis cache ${i})]`);
      lines.push(`    ${s} --> db_${r}_${i}[(DB ${i})]`);
    }
    lines.push('  end');
    lines.push(`  %% @lb_${r} mode=active-passive health=/healthz`);
  }
  for (let i = 0; i < services; i++) {
    if (i % 5 !== 0) lines.push(`  db_0_${i} -. async .-> db_1_${i}`);
    if (i % 2 === 0) lines.push(`  %% @svc_0_${i} breaker`);
  }
  return `${lines.join('\n')}\n`;
}

function ours(text: string) {
  const design = buildFlowchartDesign(parseFlowchart(text), text);
  return lintDesign(design, { text });
}

async function mermaidParser(): Promise<(text: string) => Promise<unknown>> {
  const dom = new JSDOM('<!doctype html><html><body></body></html>');
  const g = globalThis as unknown as { window: unknown; document: unknown };
  g.window = dom.window;
  g.document = dom.window.document;
  const mermaid = (await import('mermaid')).default;
  mermaid.initialize({ startOnLoad: false, maxEdges: 1_000_000, maxTextSize: 100_000_000 });
  return (text) => mermaid.parse(text);
}

const sizes = [100, 1_000, 10_000];
const parseMermaid = await mermaidParser();
const rows: (string | number)[][] = [];
let previous: number | undefined;
for (const n of sizes) {
  const text = generateDesign(n);
  const result = ours(text);
  const count = result.design.components.length;
  const lint = time(() => ours(text), { minRuns: 5, minTimeMs: 500 });
  // Mermaid's parse grows faster than linearly (notes/mermaid-in-node.md): fewer runs for big texts.
  const runs = n >= 10_000 ? 1 : n >= 1_000 ? 3 : 10;
  const samples: number[] = [];
  await parseMermaid(text);
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await parseMermaid(text);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const mermaidMs = samples[Math.floor(samples.length / 2)]!;
  rows.push([
    count,
    `${(text.length / 1024).toFixed(0)} KB`,
    result.findings.length,
    fmtMs(lint.medianMs),
    previous === undefined ? '' : `x${(lint.medianMs / previous).toFixed(1)}`,
    fmtMs(mermaidMs),
    `${(mermaidMs / lint.medianMs).toFixed(0)}x`,
  ]);
  previous = lint.medianMs;
}
console.log('parse + infer + lint (ours) vs mermaid.parse of the same text, medians');
table(['nodes', 'text', 'findings', 'ours', 'growth', 'mermaid.parse', 'mermaid / ours'], rows);
console.log('target: 1,000 nodes under 16 ms; growth about x10 per x10 nodes (linear)');
