// Runs in Node (`npm run bench`, or `npm run bench -- lint`). Parse + infer + lint of generated
// designs of 100, 1,000 and 10,000 nodes (bench/generate.ts), beside Mermaid's own parse of the
// same text. Targets: 1,000 nodes within one frame (16 ms) so typing never waits, and linear
// growth. `--quick` skips Mermaid at 10,000 nodes (15-35 s for one parse). Figures only.
import { performance } from 'node:perf_hooks';
import { parseDesign } from '../src/core/design/index';
import { lintDesign } from '../src/core/lint/index';
import { generateFlowchart } from './generate';
import { loadMermaid, type MermaidApi } from './mermaidNode';
import { fmtMs, table, time } from './support';

const quick = process.argv.includes('--quick') || process.env.SDLAB_BENCH_QUICK === '1';
const SIZES = [100, 1_000, 10_000];

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

/** What the editor does on a keystroke: parse, infer, lint for diagnostics (quick fixes are built when asked for). */
function pipeline(text: string) {
  return lintDesign(parseDesign(text), { text, fixes: false });
}

async function main(): Promise<void> {
  // Ours first, all sizes, before Mermaid and jsdom fill the heap: their garbage would be
  // collected during our runs and counted against us.
  // Warm the JIT first, as an editor that has been linting for a while is: a cold first size
  // would otherwise be timed in the interpreter.
  const warm = [generateFlowchart(100).text, generateFlowchart(1_000).text];
  const until = performance.now() + 2_000;
  while (performance.now() < until) for (const t of warm) pipeline(t);
  const ours = SIZES.map((size) => {
    const { text } = generateFlowchart(size);
    const design = parseDesign(text);
    const findings = lintDesign(design, { text }).findings.length;
    const all = time(() => pipeline(text), { warmup: 3, minRuns: 7, minTimeMs: 500 });
    const lintOnly = time(() => lintDesign(design, { text, fixes: false }), { warmup: 3, minRuns: 7, minTimeMs: 500 });
    const withFixes = time(() => lintDesign(design, { text }), { warmup: 3, minRuns: 7, minTimeMs: 500 });
    return { size, text, nodes: design.components.length, findings, all, lintOnly, withFixes };
  });

  const mermaid = await loadMermaid();
  const rows: (string | number)[][] = [];
  ours.forEach(({ size, text, nodes, findings, all, lintOnly, withFixes }, i) => {
    rows.push([nodes, text.length, findings, `${fmtMs(all.medianMs)} (min ${fmtMs(all.minMs)})`, `${fmtMs(lintOnly.medianMs)} (min ${fmtMs(lintOnly.minMs)})`, fmtMs(withFixes.medianMs), `${((1000 * all.medianMs) / size).toFixed(2)} µs`, i > 0 ? `x${(all.medianMs / ours[i - 1]!.all.medianMs).toFixed(1)} for x${(size / ours[i - 1]!.size).toFixed(0)}` : '']);
  });
  for (const [i, { size, text, all }] of ours.entries()) {
    if (size >= 10_000 && quick) {
      rows[i]!.push('skipped (--quick)', '');
      continue;
    }
    const runs = size >= 10_000 ? 1 : size >= 1_000 ? 3 : 7;
    const mermaidMs = await mermaidMedian(mermaid, text, runs);
    rows[i]!.push(`${fmtMs(mermaidMs)} (${runs} run${runs > 1 ? 's' : ''})`, `${(mermaidMs / all.medianMs).toFixed(0)}x`);
  }
  console.log('parse + infer + lint (parseDesign + lintDesign) vs mermaid.mermaidAPI.getDiagramFromText; medians, and minima (a shared machine adds to medians)');
  table(['nodes', 'chars', 'findings', 'parse+lint', 'lint only', 'lint + fixes', 'per node', 'growth', 'Mermaid', 'Mermaid / ours'], rows);
  console.log('Targets: 1,000 nodes under 16 ms (one frame), linear growth.');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
