// Differential test: our parsers against what Mermaid's own parser recorded for every diagram
// in the shared corpus (../shared/data/mermaid-corpus; skipped with a notice when absent).
// Differences that remain are explained in docs/parser-differences.md.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArchitecture } from '../../../src/core/design/architecture';
import { parseFlowchart } from '../../../src/core/design/flowchart';
import { prepareDiagram } from '../../../src/core/design/mermaidText';
import { sharedData } from '../../support/sharedData';

const corpus = sharedData('mermaid-corpus');

interface Item {
  name: string;
  text: string;
  ref: any;
}

function load(dir: string): Item[] {
  if (!corpus) return [];
  const folder = join(corpus, dir);
  return readdirSync(folder)
    .filter((f) => f.endsWith('.mmd'))
    .sort()
    .map((f) => ({
      name: `${dir}/${f}`,
      text: readFileSync(join(folder, f), 'utf8'),
      ref: JSON.parse(readFileSync(join(folder, f.replace(/\.mmd$/, '.json')), 'utf8')),
    }));
}

class Tally {
  readonly counts = new Map<string, { ok: number; all: number; misses: string[] }>();
  add(key: string, ok: boolean, miss?: string): void {
    const c = this.counts.get(key) ?? { ok: 0, all: 0, misses: [] };
    c.all++;
    if (ok) c.ok++;
    else if (miss) c.misses.push(miss);
    this.counts.set(key, c);
  }
  ratio(key: string): number {
    const c = this.counts.get(key);
    return c && c.all ? c.ok / c.all : 1;
  }
  misses(key: string): string[] {
    return this.counts.get(key)?.misses ?? [];
  }
  report(title: string): string {
    const rows = [...this.counts].map(([k, c]) => `  ${k.padEnd(22)} ${String(c.ok).padStart(5)}/${String(c.all).padEnd(5)} ${((100 * c.ok) / c.all).toFixed(2)}%`);
    return `${title}\n${rows.join('\n')}`;
  }
}

const sortIds = (xs: string[]): string => JSON.stringify([...xs].sort());
const reports: string[] = [];

/** Mermaid's error line (1-based, in the text its parser saw) as a 0-based line of the file. */
function mermaidLine(text: string, line1: number): number {
  const p = prepareDiagram(text, { flowchart: true });
  let offset = 0;
  for (let l = 1; l < line1 && offset >= 0; l++) offset = p.code.text.indexOf('\n', offset) + 1;
  return p.lines.positionAt(p.code.origin(Math.max(0, offset))).line;
}

describe.skipIf(!corpus)('Mermaid corpus: flowcharts', () => {
  const accepted = load('flowchart');
  const rejected = load('flowchart-rejected');
  const t = new Tally();
  const rej = new Tally();

  it('agrees with Mermaid on every accepted flowchart', () => {
    for (const { name, text, ref } of accepted) {
      const ast = parseFlowchart(text);
      const errors = ast.errors.filter((e) => e.severity === 'error');
      t.add('accepted (no error)', errors.length === 0, `${name}: ${errors.map((e) => e.message).join('; ')}`);
      t.add('node ids', sortIds(ast.vertices.map((v) => v.id)) === sortIds(ref.vertices.map((v: { id: string }) => v.id)), name);
      const edges = (xs: { id: string; start: string; end: string }[]) => JSON.stringify(xs.map((e) => [e.id, e.start, e.end]));
      t.add('edges (id, from, to)', edges(ast.edges) === edges(ref.edges), name);
      t.add('direction', ast.direction === ref.direction, `${name}: ${ast.direction} vs ${ref.direction}`);
      const byId = new Map<string, { text: string; shape: string | null; labelType: string; classes: string[]; styles: string[] }>(
        ref.vertices.map((v: { id: string }) => [v.id, v]),
      );
      for (const v of ast.vertices) {
        const m = byId.get(v.id);
        if (!m) continue;
        t.add('labels', (v.text ?? v.id) === m.text, `${name} ${v.id}: ${JSON.stringify(v.text ?? v.id)} vs ${JSON.stringify(m.text)}`);
        t.add('shapes', (v.shape ?? null) === m.shape, `${name} ${v.id}: ${v.shape} vs ${m.shape}`);
        t.add('label types', v.labelType === m.labelType, `${name} ${v.id}`);
        t.add('classes and styles', JSON.stringify([v.classes, v.styles]) === JSON.stringify([m.classes, m.styles]), `${name} ${v.id}`);
      }
      ast.edges.forEach((e, i) => {
        const m = ref.edges[i];
        if (!m) return;
        const same = e.text === m.text && e.type === m.type && e.stroke === m.stroke && e.length === m.length;
        t.add('edge text and arrows', same, `${name} ${e.id}`);
      });
      const subgraphs = (xs: { id: string; title: string; nodes: string[]; dir?: string | null }[]) =>
        JSON.stringify(xs.map((s) => [s.id, s.title, [...s.nodes].sort(), s.dir ?? null]));
      t.add('subgraphs', subgraphs(ast.subgraphs) === subgraphs(ref.subgraphs), name);
      const classDefs = (xs: { id: string; styles: string[] }[]) => JSON.stringify(xs.map((c) => [c.id, c.styles]).sort());
      t.add('classDefs', classDefs(ast.classDefs) === classDefs(ref.classDefs), name);
    }
    reports.push(t.report(`Flowcharts accepted by Mermaid: ${accepted.length}`));
    expect(t.misses('accepted (no error)')).toEqual([]);
    expect(t.misses('node ids')).toEqual([]);
    expect(t.misses('edges (id, from, to)')).toEqual([]);
    expect(t.ratio('labels')).toBeGreaterThanOrEqual(0.98);
    expect(t.ratio('shapes')).toBeGreaterThanOrEqual(0.98);
    // The few subgraph differences are Mermaid 12 changes and configuration (docs/parser-differences.md).
    expect(t.misses('subgraphs').length).toBeLessThanOrEqual(4);
  });

  it('reports a syntax finding for every flowchart Mermaid rejects', () => {
    for (const { name, text, ref } of rejected) {
      const errors = parseFlowchart(text).errors.filter((e) => e.rule === 'syntax' && e.severity === 'error');
      rej.add('rejected (syntax error)', errors.length > 0, name);
      const loc = ref.errorLoc as { first_line: number } | undefined;
      const lexLine = /Lexical error on line (\d+)/.exec(ref.error ?? '');
      const line1 = loc?.first_line ?? (lexLine ? Number(lexLine[1]) : undefined);
      if (line1 !== undefined && errors.length > 0) {
        rej.add("first error on Mermaid's line", errors[0]!.range.start.line === mermaidLine(text, line1), name);
      }
    }
    reports.push(rej.report(`Flowcharts rejected by Mermaid: ${rejected.length}`));
    expect(rej.misses('rejected (syntax error)')).toEqual([]);
  });
});

describe.skipIf(!corpus)('Mermaid corpus: architecture-beta', () => {
  const accepted = load('architecture');
  const rejected = load('architecture-rejected');
  const t = new Tally();

  it('agrees with Mermaid on every accepted architecture diagram', () => {
    // Compare the fields Mermaid records; absent fields and ranges are left out.
    const plain = (o: object) =>
      JSON.stringify(
        Object.entries(o)
          .filter(([k, v]) => v !== undefined && k !== 'range' && k !== 'type')
          .sort(([a], [b]) => a.localeCompare(b)),
      );
    for (const { name, text, ref } of accepted) {
      const ast = parseArchitecture(text);
      t.add('accepted (no error)', ast.errors.filter((e) => e.severity === 'error').length === 0, name);
      for (const key of ['groups', 'services', 'junctions', 'edges'] as const) {
        t.add(key, JSON.stringify(ast[key].map(plain)) === JSON.stringify(ref[key].map(plain)), name);
      }
    }
    for (const { name, text } of rejected) {
      t.add('rejected (syntax error)', parseArchitecture(text).errors.some((e) => e.rule === 'syntax' && e.severity === 'error'), name);
    }
    reports.push(t.report(`architecture-beta: ${accepted.length} accepted, ${rejected.length} rejected by Mermaid`));
    for (const key of t.counts.keys()) expect(t.misses(key), key).toEqual([]);
  });
});

afterAll(() => {
  if (reports.length) console.log(`\nAgreement with Mermaid (corpus)\n${reports.join('\n')}\n`);
});
