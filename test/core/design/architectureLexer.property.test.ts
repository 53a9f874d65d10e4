// Property test: the architecture-beta lexer's hand-written scans against the token patterns of
// Mermaid's Langium grammar written as regexes, tried in the grammar's order (keywords first,
// longest first, an ID or YAML block winning when it is longer). Inputs are strings built from
// syntax fragments, so every keyword, its longer alternatives and the error path come up often.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { architectureTokens } from '../../../src/core/design/architecture';

const KEYWORDS: [string, 'ID' | 'YAML' | null][] = [
  ['architecture-beta', 'ID'], ['junction', 'ID'], ['service', 'ID'], ['column', 'ID'], ['group', 'ID'], ['align', 'ID'],
  ['row', 'ID'], ['--', 'YAML'], ['in', 'ID'], [':', null], ['-', 'YAML'],
];
const ID = /\w(?:[-\w]*\w)?/y;
const YAML = /---[\t ]*\r?\n(?:[\S\s]*?\r?\n)?---(?:\r?\n|(?!\S))/y;
const DIRECTIVE = /%%\{[\S\s]*?\}%%(?:\r?\n|(?!\S))/y;
/** Hidden tokens and ordinary tokens, in the order the lexer tries them after the keywords. */
const RULES: [string | null, RegExp][] = [
  ['DIR', /[LRTB]/y],
  ['GROUP_MOD', /\{group\}/y],
  ['INTO', /[<>]/y],
  ['ACC_DESCR', /[\t ]*accDescr[\t ]*:(?:[^\n\r]*?(?=%%)|[^\n\r]*)/y],
  ['ACC_DESCR', /[\t ]*accDescr\s*\{[^}]*\}/y],
  ['ACC_TITLE', /[\t ]*accTitle[\t ]*:(?:[^\n\r]*?(?=%%)|[^\n\r]*)/y],
  ['TITLE', /[\t ]*title(?:[\t ](?:[^\n\r]*?(?=%%)|[^\n\r]*))?/y],
  ['STRING', /"(?:\\[\S\s]|[^"\\])*"|'(?:\\[\S\s]|[^'\\])*'/y],
  ['ID', ID],
  ['NEWLINE', /\r?\n/y],
  [null, /[\t ]+/y],
  [null, YAML],
  [null, DIRECTIVE],
  [null, /%%[^\n\r]*/y],
  ['ICON', /\([\w:-]+\)/y],
  ['ARCH_TITLE', /\[(?:"(?:\\[\S\s]|[^"\\])*"|'(?:\\[\S\s]|[^'\\])*')\]|\[[^[\]\r\n]+\]/y],
];

function matchAt(re: RegExp, s: string, p: number): number {
  re.lastIndex = p;
  const m = re.exec(s);
  return m ? m[0].length : -1;
}

function referenceTokens(s: string): { kind: string; start: number; end: number }[] {
  const out: { kind: string; start: number; end: number }[] = [];
  let p = 0;
  next: while (p < s.length) {
    for (const [text, longer] of KEYWORDS) {
      if (!s.startsWith(text, p)) continue;
      const alt = longer === 'ID' ? matchAt(ID, s, p) : longer === 'YAML' ? matchAt(YAML, s, p) : -1;
      if (alt > text.length) {
        if (longer === 'ID') out.push({ kind: 'ID', start: p, end: p + alt });
        p += alt;
      } else {
        out.push({ kind: text, start: p, end: p + text.length });
        p += text.length;
      }
      continue next;
    }
    for (const [kind, re] of RULES) {
      const len = matchAt(re, s, p);
      if (len <= 0) continue;
      if (kind) out.push({ kind, start: p, end: p + len });
      p += len;
      continue next;
    }
    const c = s.charCodeAt(p);
    const len = c >= 0xd800 && c <= 0xdbff && p + 1 < s.length ? 2 : 1;
    out.push({ kind: 'ERROR', start: p, end: p + len });
    p += len;
  }
  return out;
}

const FRAGMENTS = [
  'architecture-beta', 'architecture-betas', 'junction', 'junctions', 'service', 'service_a', 'column', 'group', 'groups', 'align',
  'row', 'rows', 'in', 'inner', 'i', '--', '-', '---', '---\n', '-->', '<--', ':', 'L', 'R', 'T', 'B', 'Lx', 'x-', 'a-b', 'a--b', '{group}',
  '{', '}', '<', '>', ' ', '  ', '\t', '\n', '\r\n', '\r', 'title', 'title x', 'titles', 'accTitle: t', 'accTitle :t', 'accDescr: d',
  'accDescr { d }', 'accDescr\n{', '"s"', '"a\\"b"', "'s'", '"', '\\', '(db)', '(logos:aws-s3)', '()', '(a b)', '[T]', '["q"]', "['q']",
  '["q"x]', '[', ']', '[]', '%%', '%% c', '%%{init}%%', '%%{', '}%%', 'db', '_', '9', 'é', '😀', '\uD800', '@', '.',
];

describe('architecture-beta lexer', () => {
  it('produces the tokens of the grammar\'s patterns, tried in the grammar\'s order', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 }).map((xs) => xs.join('')), (text) => {
        expect(architectureTokens(text)).toEqual(referenceTokens(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads a generated diagram the same way', () => {
    const text = [
      'architecture-beta',
      '  group region1(cloud)[Region us-east-1]',
      '  service db-primary(database)["Orders DB"] in region1',
      '  junction j1 in region1 %% hidden',
      '  db-primary:R -[async]-> L:j1',
      '  j1{group}:B <--> T:db-primary',
      '  title Shop',
      '',
    ].join('\n');
    expect(architectureTokens(text)).toEqual(referenceTokens(text));
    expect(architectureTokens(text).filter((t) => t.kind === 'ERROR')).toEqual([]);
  });
});
