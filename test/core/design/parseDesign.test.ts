import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectDiagram, parseDesign, parseDesignDocument, quickFamily } from '../../../src/core/design/index';
import { findMermaidFences, mapRange, splitLines } from '../../../src/core/design/markdown';
import type { Design, DesignDocument, Range } from '../../../src/core/design/types';
import { repoRoot, sharedData } from '../../support/sharedData';

const lines = (...l: string[]) => l.join('\n');
const comp = (d: Design, id: string) => d.components.find((c) => c.id === id)!;

/** Every range anywhere in the value. */
function ranges(value: unknown, out: Range[] = []): Range[] {
  if (Array.isArray(value)) for (const v of value) ranges(v, out);
  else if (value !== null && typeof value === 'object') {
    const r = value as Partial<Range>;
    if (r.start && r.end && typeof r.start.line === 'number' && typeof r.end.character === 'number') out.push(r as Range);
    else for (const v of Object.values(value)) ranges(v, out);
  }
  return out;
}

/** Every range lies inside the text: a real line, a character no further than its end, start before end. */
function expectInside(text: string, doc: DesignDocument): void {
  const fileLines = splitLines(text);
  const lineCount = Math.max(1, text.split(/\r\n|\r|\n/).length);
  for (const r of ranges(doc)) {
    for (const p of [r.start, r.end]) {
      expect(p.line).toBeGreaterThanOrEqual(0);
      expect(p.line).toBeLessThan(lineCount);
      expect(p.character).toBeGreaterThanOrEqual(0);
      expect(p.character).toBeLessThanOrEqual((fileLines[p.line] ?? '').length);
    }
    expect(r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character)).toBe(true);
  }
}

function textAt(text: string, r: Range): string {
  expect(r.start.line).toBe(r.end.line);
  return splitLines(text)[r.start.line]!.slice(r.start.character, r.end.character);
}

describe('parseDesign from text', () => {
  it('inference precedence end to end', () => {
    const d = parseDesign(
      lines(
        'flowchart LR',
        '  api:::service --> sessions[(Redis)]',
        '  lb1[Front] --> api',
        '  api --> orders@{ shape: cyl, label: "Orders" }',
        '  api --> thing[Something]',
        '  class lb1 load-balancer',
        '  %% @thing kind=worker',
      ),
    );
    expect(d.components.map((c) => [c.id, c.kind, c.kindReason])).toEqual([
      ['api', 'service', "class 'service'"],
      ['sessions', 'cache', "keyword 'Redis' in the label"],
      ['lb1', 'load-balancer', "class 'load-balancer'"],
      ['orders', 'database', 'drawn as a cylinder'],
      ['thing', 'worker', 'annotation kind=worker'],
    ]);
  });

  it('architecture-beta end to end', () => {
    const d = parseDesign(
      lines(
        'architecture-beta',
        '  group east(cloud)[Region east]',
        '  service db(database)[Orders] in east',
        '  service api(server)[API] in east',
        '  service cdn(cloud)[CloudFront]',
        '  cdn:R --> L:api',
        '  api:R -- L:db',
      ),
    );
    expect(d.diagram).toBe('architecture');
    expect(d.components.map((c) => [c.id, c.kind, c.region])).toEqual([
      ['db', 'database', 'east'],
      ['api', 'service', 'east'],
      ['cdn', 'cdn', undefined],
    ]);
    expect(d.links.map((l) => `${l.from}->${l.to}`)).toEqual(['cdn->api', 'api->db']);
  });

  it('annotation findings sit on the offending text', () => {
    const text = lines('flowchart LR', '  lb[LB] --> api[API]', '  %% @api replicas=three', '  %% @design dau=lots', '  %% @nobody breaker');
    const d = parseDesign(text);
    expect(d.findings.map((f) => [f.rule, textAt(text, f.range)])).toEqual([
      ['annotation', 'three'],
      ['annotation', 'lots'],
      ['annotation', 'nobody'],
    ]);
  });

  it('another diagram type gives an empty design saying why', () => {
    const d = parseDesign('sequenceDiagram\n  A->>B: hi');
    expect(d.components).toEqual([]);
    expect(d.findings[0]).toMatchObject({ severity: 'hint', rule: 'syntax' });
  });
});

describe('parseDesignDocument', () => {
  it('.mmd: one design, whatever it names', () => {
    const doc = parseDesignDocument('flowchart LR\n  a --> b', { fileName: 'x.mmd' });
    expect(doc.designs).toHaveLength(1);
    expect(doc.findings).toEqual([]);
  });

  it('.mmd of another type: no design, one info finding on the diagram keyword', () => {
    const doc = parseDesignDocument('%% hi\npie title Pets\n  "Dogs" : 3', { languageId: 'mermaid' });
    expect(doc.designs).toEqual([]);
    expect(doc.findings).toHaveLength(1);
    expect(doc.findings[0]).toMatchObject({ severity: 'hint', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } } });
    expect(doc.findings[0]!.message).toBe("this is a Mermaid 'pie' diagram: only flowchart and architecture-beta diagrams are analysed");
  });

  it('an empty .mmd has nothing to say', () => {
    expect(parseDesignDocument('', { fileName: 'new.mmd' })).toEqual({ designs: [], findings: [] });
  });

  it('Markdown: only design fences, ranges on the Markdown lines and columns', () => {
    const text = lines(
      '# Notes', //                                    0
      '```mermaid', //                                 1
      'flowchart LR', //                               2
      '  a --> b', //                                  3
      '```', //                                        4
      '1. item', //                                    5
      '   > ```mermaid', //                            6
      '   > flowchart LR', //                          7
      '   >   lb[LB] --> api[API x2]', //             8
      '   >   api --> -->', //                         9  (a syntax error)
      '   >   %% @api replicas=0', //                  10
      '   > ```', //                                   11
      '', //                                           12
      '  ~~~mermaid', //                               13
      '  flowchart TB', //                             14
      '  %% @design availability=99.9', //             15
      '    x --> y', //                                16
      '  ~~~', //                                      17
    );
    const doc = parseDesignDocument(text, { languageId: 'markdown' });
    expect(doc.designs).toHaveLength(2);
    const [quoted, annotated] = doc.designs;
    expect(quoted!.range.start).toEqual({ line: 7, character: 5 });
    expect(textAt(text, comp(quoted!, 'lb').range)).toBe('lb');
    expect(comp(quoted!, 'lb').range.start).toEqual({ line: 8, character: 7 });
    const annotation = quoted!.findings.find((f) => f.rule === 'annotation')!;
    expect(textAt(text, annotation.range)).toBe('0');
    expect(annotation.range.start.line).toBe(10);
    const syntax = quoted!.findings.find((f) => f.rule === 'syntax');
    expect(syntax).toMatchObject({ severity: 'error', range: { start: { line: 9 } } });
    expect(syntax!.range.start.character).toBeGreaterThanOrEqual(7);
    expect(annotated!.components.map((c) => c.kind)).toEqual(['unknown', 'unknown']);
    expect(annotated!.requirements).toEqual({ availability: 0.999 });
    expect(textAt(text, comp(annotated!, 'x').range)).toBe('x');
    expect(comp(annotated!, 'x').range.start).toEqual({ line: 16, character: 4 });
    expectInside(text, doc);
  });

  it('the language id decides, then the file name, then the text', () => {
    const md = '```mermaid\nflowchart LR\n  lb[LB] --> api[API]\n```\n';
    expect(parseDesignDocument(md, { languageId: 'markdown' }).designs).toHaveLength(1);
    expect(parseDesignDocument(md, { fileName: 'README.md' }).designs).toHaveLength(1);
    expect(parseDesignDocument(md).designs).toHaveLength(1);
    // As a .mmd, the same text is not a diagram at all.
    expect(parseDesignDocument(md, { fileName: 'x.mmd' }).findings[0]!.severity).toBe('error');
  });

  it('the examples in test/fixtures/designs read without syntax errors where they should', () => {
    const dir = join(repoRoot, 'test/fixtures/designs');
    for (const f of readdirSync(dir)) {
      const text = readFileSync(join(dir, f), 'utf8');
      const doc = parseDesignDocument(text, { fileName: f });
      expectInside(text, doc);
      const errors = [...doc.findings, ...doc.designs.flatMap((d) => d.findings)].filter((x) => x.severity === 'error');
      expect(errors.length > 0, f).toBe(f.startsWith('broken'));
    }
  });
});

/** Walks a design read alone and the same design read from a Markdown fence side by side. */
function expectSameDesignMoved(alone: unknown, inMarkdown: unknown, move: (r: Range) => Range, path = 'design'): void {
  if (Array.isArray(alone)) {
    expect(Array.isArray(inMarkdown), path).toBe(true);
    expect((inMarkdown as unknown[]).length, path).toBe(alone.length);
    alone.forEach((v, i) => expectSameDesignMoved(v, (inMarkdown as unknown[])[i], move, `${path}[${i}]`));
  } else if (alone !== null && typeof alone === 'object') {
    const r = alone as Partial<Range>;
    if (r.start && r.end && typeof r.start.line === 'number') {
      expect(inMarkdown, path).toEqual(move(alone as Range));
      return;
    }
    expect(Object.keys(inMarkdown as object).sort(), path).toEqual(Object.keys(alone).sort());
    for (const [k, v] of Object.entries(alone)) {
      if (path === 'design' && (k === 'range' || k === 'source')) continue;
      expectSameDesignMoved(v, (inMarkdown as Record<string, unknown>)[k], move, `${path}.${k}`);
    }
  } else {
    expect(inMarkdown, path).toEqual(alone);
  }
}

describe('a design in a Markdown fence is the same design, every range moved onto the file', () => {
  const body = lines(
    'flowchart LR',
    '  %% @design availability=99.99 dau=1M',
    '  users([Users]) --> lb[LB x2] --> api[API]',
    '  subgraph east[Region east]',
    '    api --> db[(Orders)]',
    '    db -. async .-> replica[(Orders replica)]',
    '  end',
    '  %% @api replicas=three breaker',
    '  %% @lint-disable spof bogus',
    '  api --> -->',
  );
  it.each([
    ['at the top level', (b: string) => '# T\n\n```mermaid\n' + b + '\n```\n'],
    ['in a list item', (b: string) => '- item\n\n  ```mermaid\n' + b.replace(/^/gm, '  ') + '\n  ```\n'],
    ['in a block quote, indented', (b: string) => '>    ~~~~mermaid\n' + b.replace(/^/gm, '>    ') + '\n>    ~~~~\n'],
    ['with tabs', (b: string) => '>\t```mermaid\n' + b.replace(/^/gm, '>\t') + '\n>\t```\n'],
  ])('%s', (_name, embed) => {
    const markdown = embed(body);
    const [fence] = findMermaidFences(markdown);
    expect(fence!.body).toBe(body);
    const doc = parseDesignDocument(markdown, { fileName: 'x.md' });
    expect(doc.designs).toHaveLength(1);
    const alone = parseDesign(body);
    expect(alone.findings.map((f) => f.rule).sort()).toEqual(['annotation', 'annotation', 'syntax']);
    expectSameDesignMoved(alone, doc.designs[0], (r) => mapRange(fence!, r));
    expect(doc.designs[0]!.range).toEqual(fence!.bodyRange);
    expectInside(markdown, doc);
  });
});

describe('property: parseDesignDocument never throws and keeps every range inside the file', () => {
  const corpus = (() => {
    const texts: string[] = [];
    for (const kind of ['flowchart', 'architecture']) {
      const dir = sharedData('mermaid-corpus', kind);
      if (!dir) continue;
      const files = readdirSync(dir).filter((f) => f.endsWith('.mmd')).sort();
      // Every 20th flowchart and every architecture diagram keeps the run short.
      const step = kind === 'flowchart' ? 20 : 1;
      for (let i = 0; i < files.length; i += step) texts.push(readFileSync(join(dir, files[i]!), 'utf8'));
    }
    const fixtures = join(repoRoot, 'test/fixtures/designs');
    for (const f of readdirSync(fixtures)) texts.push(readFileSync(join(fixtures, f), 'utf8'));
    return texts;
  })();

  const options = fc.constantFrom({ fileName: 'a.mmd' }, { fileName: 'a.md' }, { languageId: 'markdown' }, {});

  it('arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), options, (text, opts) => {
        expectInside(text, parseDesignDocument(text, opts));
      }),
      { numRuns: 300 },
    );
  });

  it('strings built from Mermaid and Markdown tokens', () => {
    const token = fc.constantFrom(
      'flowchart LR\n', 'architecture-beta\n', '```mermaid\n', '```\n', '> ', '- ', '  ', '\t', '\n', '\r\n',
      'a', 'lb', '[', ']', '(', ')', '((', '[(', ')]', '-->', '---', '<-->', '-.->', '|', '"', '%% @', 'design ',
      'replicas=', '3', 'x3', 'subgraph ', 'end\n', ':::', 'class ', '@{ shape: cyl }', 'service ', 'group ',
      'junction ', ':R', ' -- ', 'L:', ' in ', '__proto__', 'constructor', '%%{init: {}}%%\n', '---\n', 'é', '𝔸', '\u0000',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), options, (tokens, opts) => {
        const text = tokens.join('');
        expectInside(text, parseDesignDocument(text, opts));
      }),
      { numRuns: 400 },
    );
  });

  it('the quick diagram-type check agrees with Mermaid\'s detectors whenever it answers', () => {
    const head = fc.constantFrom('', '---\ntitle: x\n---\n', '---\n', '  ', '\n', '%% c\n', '%%{init: {}}%%\n', '\r\n', '\u00a0', ' %% @design dau=1\n');
    const word = fc.constantFrom('flowchart', 'graph', 'flowchart-elk', 'architecture-beta', 'architecture', 'flowchartLR', 'graphs', 'sequenceDiagram', 'info', 'C4Context');
    const rest = fc.constantFrom('', ' LR', '\n  a --> b', ';', '\n  C4Container', '\tTD\n', '\n  service a(server)[A]');
    fc.assert(
      fc.property(fc.array(head, { maxLength: 3 }), word, rest, (heads, w, r) => {
        const text = heads.join('') + w + r;
        const quick = quickFamily(text);
        if (quick !== undefined) expect(detectDiagram(text)?.family).toBe(quick);
      }),
      { numRuns: 500 },
    );
    expect(quickFamily('---\ntitle: x\n---\nflowchart LR\n')).toBe('flowchart');
    expect(quickFamily('%% note\narchitecture-beta\n')).toBe('architecture');
  });

  it('real diagrams, mutated, as .mmd and inside Markdown fences', () => {
    if (corpus.length === 0) return;
    const edit = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 8 }),
      insert: fc.constantFrom('', '-->', ']', '[', '"', '%% @x kind=', '\n', 'end', '(', '{', '}', ':::', '`', '~~~'),
    });
    fc.assert(
      fc.property(fc.nat({ max: corpus.length - 1 }), fc.array(edit, { maxLength: 4 }), fc.boolean(), (i, edits, inMarkdown) => {
        let text = corpus[i]!;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
        }
        if (inMarkdown) text = '# Doc\n\n- item\n\n  ```mermaid\n' + text.replace(/^/gm, '  ') + '\n  ```\n';
        expectInside(text, parseDesignDocument(text, { fileName: inMarkdown ? 'doc.md' : 'doc.mmd' }));
      }),
      { numRuns: 300 },
    );
  });
});
