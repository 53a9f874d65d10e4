// Runs in Node (end-to-end, drives the browser). A flawed design shows what `sdlab lint` finds:
// a squiggle on every line with a finding (red where the finding is an error), and one row
// per finding in the Problems panel with our source, its rule id and its line and column.
import { performance } from 'node:perf_hooks';
import { defineCase, expect } from '../support/case';
import { sdlabLint } from '../support/sdlab';

const FILE = 'url-shortener.mmd';
const SOURCE = 'System Design Lab';

const sorted = (xs: string[]) => [...xs].sort();

export default defineCase({
  name: 'url-shortener.mmd: squiggles and Problems rows match `sdlab lint` (count, rule ids, lines)',
  async run({ wb, examples, note, metric }) {
    const cli = await sdlabLint(FILE, examples);
    expect(cli.findings.length > 0, `sdlab lint finds nothing in ${FILE}: the case would prove nothing`);

    const t0 = performance.now();
    await wb.openFile(FILE);
    await wb.waitForSquiggles();
    metric(`open ${FILE} to its first squiggle (40-diagnostics; after 15-activation the extension is already active)`, `${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // Squiggles: the lines with findings, and no others; an error's line has a red one.
    const expectedLines = new Map<number, Set<string>>();
    for (const f of cli.findings) {
      const line = f.range.start.line + 1;
      expectedLines.set(line, (expectedLines.get(line) ?? new Set()).add(f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'info'));
    }
    const squiggles = await wb.squiggleLines();
    const describe = (m: Map<number, Iterable<string>>) =>
      [...m].sort((a, b) => a[0] - b[0]).map(([l, k]) => `${l}: ${[...new Set(k)].sort().join('+')}`).join(', ');
    expect(
      describe(squiggles) === describe(expectedLines),
      `squiggles by line\n  editor: ${describe(squiggles)}\n  sdlab lint: ${describe(expectedLines)}`,
    );
    note(`squiggles on lines ${[...squiggles.keys()].sort((a, b) => a - b).join(', ')}`);

    // Problems: one row per finding, same rule id, same position, same severity and message.
    const rows = await wb.problemMarkers(FILE);
    const seen = sorted(rows.map((r) => `${r.code ?? '?'} ${r.position ?? '?'} ${r.severity ?? '?'}`));
    const wanted = sorted(cli.findings.map((f) => `${f.rule} [Ln ${f.range.start.line + 1}, Col ${f.range.start.character + 1}] ${f.severity}`));
    expect(
      JSON.stringify(seen) === JSON.stringify(wanted),
      `Problems rows (${rows.length}) differ from sdlab lint (${cli.findings.length}):\n  panel: ${seen.join('\n         ')}\n  cli:   ${wanted.join('\n         ')}`,
    );
    const notOurs = rows.filter((r) => r.source !== SOURCE);
    expect(notOurs.length === 0, `rows whose source is not "${SOURCE}":\n${notOurs.map((r) => r.text).join('\n')}`);
    const messages = new Set(cli.findings.map((f) => f.message));
    const otherText = rows.filter((r) => !messages.has(r.message ?? ''));
    expect(otherText.length === 0, `rows whose message is not one sdlab lint prints:\n${otherText.map((r) => r.message).join('\n')}`);
    note(`${rows.length} Problems rows: ${[...new Set(rows.map((r) => r.code))].sort().join(', ')}`);
  },
});
