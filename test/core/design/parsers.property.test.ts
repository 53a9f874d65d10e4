// Property tests: whatever the text, the parsers return (no exception, no hang) and every range
// they give lies inside the document. Inputs: arbitrary strings, strings built from syntax
// fragments, mutations of the corpus diagrams, and adversarial texts. No time is asserted.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArchitecture } from '../../../src/core/design/architecture';
import { detectDiagram } from '../../../src/core/design/detect';
import { parseFlowchart } from '../../../src/core/design/flowchart';
import { prepareDiagram } from '../../../src/core/design/mermaidText';
import { allRanges, badRanges } from '../../support/ranges';
import { sharedData } from '../../support/sharedData';

function checkAll(text: string): void {
  const flow = parseFlowchart(text);
  expect(badRanges(text, allRanges(flow))).toEqual([]);
  const arch = parseArchitecture(text);
  expect(badRanges(text, allRanges(arch))).toEqual([]);
  // The parsers turn their own failures into a finding; none may occur.
  for (const e of [...flow.errors, ...arch.errors]) expect(e.message).not.toMatch(/^Internal parser error/);
  const d = detectDiagram(text);
  if (d) expect(badRanges(text, [d.range])).toEqual([]);
}

const FLOW_FRAGMENTS = [
  'flowchart LR\n', 'graph TD;', 'A', 'B1', ' ', '  ', '\n', '\r\n', ';', '-->', '---', '-.->', '==>', '~~~', '--', '-.', '==',
  '<-->', 'o--o', 'x', 'o', '|', '[', ']', '(', ')', '{', '}', '((', '))', '[(', ')]', '[/', '/]', '\\]', '>', '"', '`', '"`', '`"',
  '&', ':::', ':', ',', '@{', 'shape: cyl', 'label: "x"', '\n  shape: rect\n', 'e1@', '%%', '%% @a kind=cache', '%%{init: {}}%%',
  '---\n', 'subgraph ', 'end', 'direction LR', 'style A fill:#f9f;', 'classDef c fill:#fff', 'class A c', 'click A ', 'call f()',
  'href ', 'linkStyle 0 ', 'default', 'interpolate basis', '1', '#quot;', '#9829;', '<br/>', '<b>', 'é', '😀', '\uD800', 'v', '^',
  'accTitle: t', 'accDescr {', 'text', '-- text -->', 'flowchart-elk', '\t', '\u2028',
];

const ARCH_FRAGMENTS = [
  'architecture-beta\n', 'group ', 'service ', 'junction ', 'align row ', 'in ', 'g', 'db', 'Router', '(database)', '(logos:aws-s3)',
  '[Title]', '["quoted"]', '"text"', ':', 'L', 'R', 'T', 'B', '--', '-', '<', '>', '{group}', '-[t]-', ' ', '\n', '%% c', '---\n',
  'title x', 'accTitle: a', 'accDescr { d }', '(', ')', '[', ']', '%%{init: {}}%%',
];

const fragments = (list: string[]) => fc.array(fc.constantFrom(...list), { maxLength: 60 }).map((xs) => xs.join(''));
const anyUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 120 });

describe('parsers on arbitrary text', () => {
  it('never throw and keep ranges inside the document (any UTF-16 text)', () => {
    fc.assert(fc.property(anyUnits, checkAll), { numRuns: 200 });
  });

  it('never throw and keep ranges inside the document (flowchart fragments)', () => {
    fc.assert(fc.property(fragments(FLOW_FRAGMENTS), checkAll), { numRuns: 300 });
  });

  it('never throw and keep ranges inside the document (architecture fragments)', () => {
    fc.assert(fc.property(fragments(ARCH_FRAGMENTS), checkAll), { numRuns: 300 });
  });
});

const corpusDir = sharedData('mermaid-corpus');
const corpusTexts: string[] = corpusDir
  ? ['flowchart', 'architecture'].flatMap((dir) =>
      readdirSync(join(corpusDir, dir))
        .filter((f) => f.endsWith('.mmd'))
        .map((f) => readFileSync(join(corpusDir, dir, f), 'utf8')),
    )
  : [];

type Mutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicateLine'; line: number }
  | { kind: 'deleteLine'; line: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...FLOW_FRAGMENTS, ...ARCH_FRAGMENTS), fc.string({ maxLength: 3 })) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('duplicateLine' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('deleteLine' as const), line: fc.nat() }),
);

function mutate(text: string, m: Mutation): string {
  switch (m.kind) {
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'delete': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + m.length);
    }
    case 'duplicateLine':
    case 'deleteLine': {
      const lines = text.split('\n');
      const i = m.line % lines.length;
      if (m.kind === 'duplicateLine') lines.splice(i, 0, lines[i]!);
      else lines.splice(i, 1);
      return lines.join('\n');
    }
  }
}

describe.skipIf(corpusTexts.length === 0)('parsers on mutated corpus diagrams', () => {
  it('never throw and keep ranges inside the document', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 6 }), (index, ms) => {
        const text = ms.reduce(mutate, corpusTexts[index % corpusTexts.length]!);
        checkAll(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parsers on adversarial text', () => {
  const depth = 10_000;
  const cases: [string, string][] = [
    ['a very long line of links', `flowchart LR\n${'A-->'.repeat(20_000)}B`],
    ['a very long id', `flowchart LR\n${'A'.repeat(100_000)} --> B`],
    ['a very long run without spaces ending in @', `flowchart LR\n${'x@'.repeat(25_000)}{`],
    ['spaces before a direction word', `flowchart LR\n${' '.repeat(100_000)}direction LR`],
    ['direction words on many lines', `flowchart LR\n${'A direction TB\n'.repeat(5_000)}`],
    ['10,000 nested subgraphs', `flowchart LR\n${'subgraph s\n'.repeat(depth)}A\n${'end\n'.repeat(depth)}`],
    ['10,000 unclosed subgraphs', `flowchart LR\n${'subgraph s\n'.repeat(depth)}`],
    ['unclosed brackets', `flowchart LR\n${'A[\n'.repeat(5_000)}`],
    ['unclosed parentheses on one line', `flowchart LR\nA${'('.repeat(30_000)}`],
    ['unclosed quotes', `flowchart LR\n${'A["\n'.repeat(5_000)}`],
    ['a lone quote', `flowchart LR\nA["${'x'.repeat(50_000)}`],
    ['many edge-text openers', `flowchart LR\n${'A -- '.repeat(20_000)}`],
    ['unclosed shape data', `flowchart LR\n${'A@{ shape: '.repeat(5_000)}`],
    ['unclosed directives', `${'%%{init: '.repeat(10_000)}\nflowchart LR`],
    ['comment lines', `flowchart LR\n${'%% @a kind=cache\n'.repeat(10_000)}`],
    ['style lines with colours', `flowchart LR\n${'style A fill:#f9f;stroke:#333;\n'.repeat(3_000)}`],
    ['entities', `flowchart LR\nA["${'#quot;'.repeat(20_000)}"]`],
    ['tags in a label', `flowchart LR\nA["${'<b>'.repeat(20_000)}"]`],
    ['front matter openers', `${'---\n'.repeat(10_000)}architecture-beta`],
    ['architecture titles', `architecture-beta\n${'title x\n'.repeat(10_000)}`],
    ['architecture services', `architecture-beta\n${'service a\n'.repeat(10_000)}`],
    ['architecture brackets', `architecture-beta\nservice a${'["['.repeat(20_000)}`],
    ['nothing but newlines', '\n'.repeat(50_000)],
  ];
  it.each(cases)('%s: terminates with valid ranges', (_name, text) => {
    checkAll(text);
  });
});

/**
 * Mermaid's own pre-processing, written with its regexes: the reference our linear-time
 * scans must reproduce on small inputs.
 */
function mermaidPreprocess(text: string, flowchart: boolean): string {
  let t = text
    .replace(/\r\n?/g, '\n')
    .replace(/<(\w+)([^>]*)>/g, (_m, tag: string, attrs: string) => `<${tag}${attrs.replace(/="([^"]*)"/g, "='$1'")}>`);
  const fm = /^([^\S\n\r]*)-{3}\s*[\n\r](.*?)[\n\r]\1-{3}\s*[\n\r]+/s.exec(t);
  if (fm) t = t.slice(fm[0].length);
  t = t.replace(/%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?/gi, '');
  t = t.replace(/^\s*%%(?!{)[^\n]+\n?/gm, '').trimStart();
  t = t.replace(/style.*:\S*#.*;/g, (s) => s.substring(0, s.length - 1));
  t = t.replace(/classDef.*:\S*#.*;/g, (s) => s.substring(0, s.length - 1));
  t = t.replace(/#\w+;/g, (s) => {
    const inner = s.substring(1, s.length - 1);
    return /^\+?\d+$/.test(inner) ? `\uFB02\u00B0\u00B0${inner}\u00B6\u00DF` : `\uFB02\u00B0${inner}\u00B6\u00DF`;
  });
  t += '\n';
  if (flowchart) t = t.replace(/}\s*\n/g, '}\n');
  return t;
}

const PRE_FRAGMENTS = [
  '%', '%%', '{', '}', '%%{', '}%%', 'init', ':', ' ', '\n', '\r', '\r\n', '-', '---', '#', ';', 'a', 'style', 'classDef', 'fill',
  '#f9f;', '#quot;', '#12;', '<b', '>', '="', '"', "'", 'x', '\t', '\u2028',
];

describe('pre-processing against Mermaid regexes', () => {
  it('produces the text Mermaid parses, every character mapped into the original', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PRE_FRAGMENTS), { maxLength: 40 }).map((xs) => xs.join('')), fc.boolean(), (text, flowchart) => {
        const p = prepareDiagram(text, { flowchart });
        expect(p.code.text).toBe(mermaidPreprocess(text, flowchart));
        for (let i = 0; i <= p.code.text.length; i++) {
          const o = p.code.origin(i);
          expect(o >= 0 && o <= text.length).toBe(true);
        }
        // The newline Mermaid appends stands for the end of the text, whatever was removed before it.
        expect(p.code.origin(p.code.text.length - 1)).toBe(text.length);
      }),
      { numRuns: 1000 },
    );
  });
});
