// Findings inside ```mermaid fences land on the Markdown file's own lines and columns, and
// fixes edit the file there (a fence in a block quote or list item keeps its prefix).
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../src/core/lint/index';
import type { Finding } from '../../../src/core/design/types';
import { mermaidRejects } from '../../support/mermaid';
import { example, fixture, lintFile } from './parse';

/** 0-based line and character of `needle` in the line of `text` that contains `lineWith`. */
function where(text: string, lineWith: string, needle: string): [number, number] {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(lineWith));
  return [line, lines[line]!.indexOf(needle)];
}

const start = (f: Finding) => [f.range.start.line, f.range.start.character];

describe('findings in chat.md', () => {
  const text = example('chat.md');
  const result = lintFile(text, 'chat.md');

  it('sit on the Markdown lines of the components they are about', () => {
    const at = (rule: string, component: string) => result.findings.find((f) => f.rule === rule && f.component === component)!;
    expect(start(at('spof', 'presence'))).toEqual(where(text, 'presence[(Redis presence)]', 'presence['));
    expect(start(at('spof', 'outbox'))).toEqual(where(text, 'outbox[[Kafka delivery queue]]', 'outbox['));
    expect(start(at('redundancy/health-checks', 'ws'))).toEqual(where(text, 'ws[WebSocket gateway x4]', 'ws['));
    expect(start(at('redundancy/circuit-breaker', 'history_api'))).toEqual(where(text, 'history_api[History API x2]', 'history_api'));
    expect(start(at('availability/target', 'presence'))).toEqual(where(text, '@design availability=99.95', 'availability='));
  });

  it('put design-wide findings on each fence’s flowchart line', () => {
    const lines = text.split('\n');
    const flowchartLines = lines.flatMap((l, i) => (l.startsWith('flowchart') ? [i] : []));
    expect(result.findings.filter((f) => f.rule === 'redundancy/multi-region').map(start)).toEqual(flowchartLines.map((l) => [l, 0]));
  });

  it('name the diagram, not the file, when switching a rule off', () => {
    const f = result.findings.find((x) => x.rule === 'spof')!;
    expect(f.fixes!.map((x) => x.title)).toEqual(['Disable spof in this diagram']);
    const edited = applyEdits(text, f.fixes![0]!.edits);
    const after = lintFile(edited, 'chat.md');
    expect(after.designs[0]!.findings.filter((x) => x.rule === 'spof')).toEqual([]);
    // Only that diagram: the other one's findings are untouched.
    expect(after.designs[1]!.findings.length).toBe(result.designs[1]!.findings.length);
  });
});

describe('fences in a block quote and a list item', () => {
  const text = fixture('markdown/nested.md');
  const result = lintFile(text, 'nested.md');

  it('are designs; the sequence diagram is not', () => {
    expect(result.designs).toHaveLength(2);
  });

  it('report at the right columns, after the container prefix', () => {
    const db = result.findings.find((f) => f.rule === 'redundancy/db-replication')!;
    expect(start(db)).toEqual(where(text, '>   api[API server x3]', 'db['));
    const lb = result.findings.find((f) => f.rule === 'redundancy/load-balancer')!;
    expect(start(lb)).toEqual(where(text, '     users([Users]) --> lb', 'lb['));
  });

  it('every fix keeps the fences intact: both designs still parse, Mermaid accepts them, the finding is gone', async () => {
    for (const f of result.findings) {
      for (const fix of f.fixes ?? []) {
        const edited = applyEdits(text, fix.edits);
        const after = lintFile(edited, 'nested.md');
        const label = `${fix.title}:\n${edited}`;
        expect(after.designs, label).toHaveLength(2);
        expect(after.findings.filter((x) => x.rule === 'syntax' || x.rule === 'annotation'), label).toEqual([]);
        for (const d of after.designs) expect(await mermaidRejects(d.design.source), label).toBeUndefined();
        const gone = fix.title.startsWith('Disable ')
          ? after.findings.filter((x) => x.rule === f.rule && x.range.start.line >= f.range.start.line - 3 && x.range.start.line <= f.range.start.line + 3)
          : after.findings.filter((x) => x.rule === f.rule && x.component === f.component && Math.abs(x.range.start.line - f.range.start.line) <= 2);
        expect(gone, label).toEqual([]);
      }
    }
  });
});
