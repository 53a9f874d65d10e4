import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findMermaidFences, mapPosition, mapRange, splitLines, type MermaidFence } from '../../../src/core/design/markdown';

const md = (...lines: string[]) => lines.join('\n');

/** Every non-blank body character must be the same character in the file where the map sends it. */
function expectFaithful(text: string, fence: MermaidFence): void {
  const fileLines = splitLines(text);
  fence.body.split('\n').forEach((bodyLine, l) => {
    for (let c = 0; c < bodyLine.length; c++) {
      if (bodyLine[c] === ' ') continue;
      const p = mapPosition(fence, { line: l, character: c });
      expect(fileLines[p.line]![p.character], `body ${l}:${c}`).toBe(bodyLine[c]);
    }
  });
}

function fileText(text: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const lines = splitLines(text);
  if (range.start.line !== range.end.line) throw new Error('single-line ranges only');
  return lines[range.start.line]!.slice(range.start.character, range.end.character);
}

describe('findMermaidFences', () => {
  it('finds backtick and tilde fences of any length, only with the mermaid info string', () => {
    const text = md(
      '# Title',
      '```mermaid',
      'flowchart LR',
      '  a --> b',
      '```',
      '',
      '~~~~mermaid {theme: dark}',
      'graph TD',
      '~~~',
      '~~~~',
      '```js',
      'const x = 1;',
      '```',
      '```',
      'plain',
      '```',
      '``` mermaid',
      'flowchart TB',
      '```',
      '```Mermaid',
      'not ours',
      '```',
    );
    const fences = findMermaidFences(text);
    expect(fences.map((f) => f.body)).toEqual(['flowchart LR\n  a --> b', 'graph TD\n~~~', 'flowchart TB']);
    expect(fences.map((f) => f.info)).toEqual(['mermaid', 'mermaid {theme: dark}', 'mermaid']);
    expect(fences[0]!.bodyRange).toEqual({ start: { line: 2, character: 0 }, end: { line: 3, character: 9 } });
    expect(fences[0]!.open).toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: 10 } });
    expect(fences[0]!.close).toEqual({ start: { line: 4, character: 0 }, end: { line: 4, character: 3 } });
    for (const f of fences) expectFaithful(text, f);
  });

  it('strips up to the opening indentation from body lines and maps them back', () => {
    const text = md('   ```mermaid', '   flowchart LR', ' a --> b', '      c --> d', '   ```');
    const [f] = findMermaidFences(text);
    expect(f!.body).toBe('flowchart LR\na --> b\n   c --> d');
    expect(mapRange(f!, { start: { line: 2, character: 3 }, end: { line: 2, character: 4 } })).toEqual({
      start: { line: 3, character: 6 },
      end: { line: 3, character: 7 },
    });
    expect(mapPosition(f!, { line: 1, character: 0 })).toEqual({ line: 2, character: 1 });
    expectFaithful(text, f!);
  });

  it('four spaces of indentation is an indented code block, not a fence', () => {
    expect(findMermaidFences(md('    ```mermaid', '    flowchart LR', '    ```'))).toEqual([]);
  });

  it('finds fences in list items, nested lists and block quotes', () => {
    const text = md(
      '- a design:',
      '',
      '  ```mermaid',
      '  flowchart LR',
      '    lb --> api',
      '  ```',
      '1. first',
      '   - nested',
      '     ```mermaid',
      '     graph TD',
      '     ```',
      '> quoted',
      '> ```mermaid',
      '> flowchart LR',
      ">   x --> y",
      '> ```',
      '> - > ```mermaid',
      '>   > graph LR',
      '>   > ```',
    );
    const fences = findMermaidFences(text);
    expect(fences.map((f) => f.body)).toEqual(['flowchart LR\n  lb --> api', 'graph TD', 'flowchart LR\n  x --> y', 'graph LR']);
    expect(fences.map((f) => f.bodyRange.start)).toEqual([
      { line: 3, character: 2 },
      { line: 9, character: 5 },
      { line: 13, character: 2 },
      { line: 17, character: 6 },
    ]);
    // `api` in the first fence
    expect(fileText(text, mapRange(fences[0]!, { start: { line: 1, character: 9 }, end: { line: 1, character: 12 } }))).toBe('api');
    for (const f of fences) expectFaithful(text, f);
  });

  it('an unclosed fence runs to the end of the document', () => {
    const text = md('text', '```mermaid', 'flowchart LR', '  a --> b', '');
    const [f] = findMermaidFences(text + '\n');
    expect(f!.close).toBeUndefined();
    expect(f!.body).toBe('flowchart LR\n  a --> b\n');
    expectFaithful(text, f!);
  });

  it('an unclosed fence in a block quote or list item ends with its container', () => {
    const quote = findMermaidFences(md('> ```mermaid', '> flowchart LR', 'after', '```mermaid', 'graph TD', '```'));
    expect(quote.map((f) => [f.body, f.close === undefined])).toEqual([
      ['flowchart LR', true],
      ['graph TD', false],
    ]);
    const item = findMermaidFences(md('- ```mermaid', '  flowchart LR', 'outside'));
    expect(item.map((f) => f.body)).toEqual(['flowchart LR']);
  });

  it('a closing fence must use the same character and be at least as long', () => {
    const [f] = findMermaidFences(md('````mermaid', 'a', '```', '~~~~', '````'));
    expect(f!.body).toBe('a\n```\n~~~~');
  });

  it('a backtick info string may not contain backticks', () => {
    expect(findMermaidFences(md('```mermaid `x`', 'a', '```'))).toEqual([]);
  });

  it('skips fences inside HTML comments and HTML blocks', () => {
    const text = md('<!--', '```mermaid', 'flowchart LR', '```', '-->', '<div>', '```mermaid', 'graph TD', '```', '</div>', '', '```mermaid', 'graph LR', '```');
    expect(findMermaidFences(text).map((f) => f.body)).toEqual(['graph LR']);
  });

  it('tabs: a tab partly eaten by a container becomes spaces that map back to the tab', () => {
    const text = md('>\t```mermaid', '>\tflowchart LR', '>\t\ta --> b', '>\t```');
    const [f] = findMermaidFences(text);
    // `>` then a tab to column 4: the quote eats one column, the fence sits at column 2.
    expect(f!.body).toBe('flowchart LR\n\ta --> b');
    expectFaithful(text, f!);
  });

  it('CRLF and CR line endings', () => {
    const text = '# x\r\n```mermaid\r\nflowchart LR\r\n  a --> b\r\n```\r\n';
    const [f] = findMermaidFences(text);
    expect(f!.body).toBe('flowchart LR\n  a --> b');
    expect(f!.bodyRange.end).toEqual({ line: 3, character: 9 });
    const [g] = findMermaidFences('```mermaid\rgraph TD\r```');
    expect(g!.body).toBe('graph TD');
  });

  it('lazy paragraph continuation keeps a list item open', () => {
    const text = md('- para', 'lazy', '  ```mermaid', '  flowchart LR', '  ```');
    const [f] = findMermaidFences(text);
    expect(f!.body).toBe('flowchart LR');
    expectFaithful(text, f!);
  });

  it('positions outside the body are clamped into it', () => {
    const text = md('```mermaid', 'ab', 'cd', '```');
    const [f] = findMermaidFences(text);
    expect(mapPosition(f!, { line: 9, character: 0 })).toEqual({ line: 2, character: 2 });
    expect(mapPosition(f!, { line: 0, character: 99 })).toEqual({ line: 1, character: 2 });
    expect(mapPosition(f!, { line: -1, character: 0 })).toEqual({ line: 1, character: 0 });
  });

  it('an empty fence has an empty body at the end of its opening line', () => {
    const [f] = findMermaidFences(md('```mermaid', '```'));
    expect(f!.body).toBe('');
    expect(mapPosition(f!, { line: 0, character: 0 })).toEqual({ line: 0, character: 10 });
  });

  it('property: any text - never throws, every body character maps to itself in the file', () => {
    const piece = fc.constantFrom('```mermaid', '~~~mermaid', '```', '~~~', '> ', '- ', '1. ', '  ', '\t', '    ', 'a --> b', 'flowchart LR', '\n', '\n', '\r\n', '<!--', '-->', '<div>', '', 'x');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        const fences = findMermaidFences(text);
        const lines = splitLines(text);
        for (const f of fences) {
          expectFaithful(text, f);
          for (const p of [f.bodyRange.start, f.bodyRange.end, f.open.start, f.open.end]) {
            expect(p.line).toBeLessThan(lines.length);
            expect(p.character).toBeLessThanOrEqual(lines[p.line]!.length);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
