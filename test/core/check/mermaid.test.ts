import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkHistory } from '../../../src/core/check/check';
import { describeCall, describeReturn, mermaidText, witnessDiagram } from '../../../src/core/check/mermaid';
import type { HistoryOp } from '../../../src/core/sim/history';
import { fixture, history, r, w } from './support';

type MermaidApi = { parse(text: string): Promise<unknown> };
let mermaid: MermaidApi;

beforeAll(async () => {
  // Mermaid's parser sanitizes labels through DOMPurify, which needs a DOM (notes/mermaid-in-node.md).
  // jsdom ships no types; only its constructor and window are needed.
  const jsdom = 'jsdom';
  const { JSDOM } = (await import(jsdom)) as { JSDOM: new (html: string) => { window: Window & typeof globalThis } };
  const dom = new JSDOM('<!doctype html><html><body></body></html>');
  Object.assign(globalThis, { window: dom.window, document: dom.window.document });
  mermaid = (await import('mermaid')).default as unknown as MermaidApi;
}, 60_000);

describe('witness diagrams', () => {
  it('draws sessions and nodes as participants, invocations and responses as arrows, times as notes', () => {
    const result = checkHistory(fixture('read-inversion.json'));
    const text = result.anomalies[0]!.witness.mermaid;
    expect(text.split('\n').slice(0, 7)).toEqual([
      'sequenceDiagram',
      '  participant s0 as c1',
      '  participant s1 as c2',
      '  participant s2 as c3',
      '  participant n0 as primary',
      '  participant n1 as replica-a',
      '  participant n2 as replica-b',
    ]);
    expect(text).toContain('  s1->>n1: [3] read x');
    expect(text).toContain('  n1-->>s1: [3] → 2');
    expect(text).toContain('  n2-->>s2: [4] → 1 ⟵');
    expect(text).toContain('  Note left of s2: 40 ms');
  });

  it('uses one "system" participant when the history does not name nodes, and crossed arrows for fail and unknown', () => {
    const ops: HistoryOp[] = [w('a', 'x', 1, 0, 5, 'fail', { error: 'refused' }), w('a', 'x', 2, 6, 9, 'unknown')];
    const text = witnessDiagram(ops, { describeCall, describeReturn });
    expect(text).toContain('participant n0 as system');
    expect(text).toContain('n0--xs0: [1] failed: refused');
    expect(text).toContain('n0--xs0: [2] no response (unknown)');
  });

  it('escapes what would end a statement, start a comment or reach the HTML', () => {
    expect(mermaidText('a;b#c%%d<e>f\ng')).toBe('a#59;b#35;c#37;#37;d#60;e#62;f g');
    expect(mermaidText('   ')).toBe('(empty)');
  });

  it('every witness diagram of the fixtures parses as Mermaid', async () => {
    for (const name of ['read-inversion', 'read-your-writes', 'monotonic-reads', 'monotonic-writes', 'writes-follow-reads', 'stale-read', 'lost-write-failover']) {
      for (const a of checkHistory(fixture(`${name}.json`)).anomalies) await expect(mermaid.parse(a.witness.mermaid)).resolves.toBeTruthy();
    }
  });

  it('stays valid Mermaid whatever the sessions, nodes, keys and values are called', async () => {
    const name = fc.string({ unit: fc.constantFrom('a', ' ', ';', '#', '%', '<', '>', ':', '-', '>>', '"', '`', '{', '}', '|', '\n', 'end', 'participant', '-->>', 'é', '\\', '&') });
    await fc.assert(
      fc.asyncProperty(name, name, name, name, async (session, node, key, value) => {
        const ops = [w(session, key, value, 0, 10, 'ok', { node }), r(`${session}2`, key, value, 20, 30, 'ok', { node: `${node}` }), w(session, key, `${value}!`, 31, 40, 'unknown', { error: value })];
        const text = witnessDiagram(ops, { describeCall, describeReturn, highlight: [ops[1]!.id], caption: `about ${value}` });
        await mermaid.parse(text);
      }),
      { numRuns: 150 },
    );
  });

  it('an anomaly in a history with hostile names still renders', async () => {
    const result = checkHistory(history([w('c;1', 'k%%', 'v#1', 0, 10), r('c<2>', 'k%%', null, 20, 30, 'ok', { node: 'end' })]));
    expect(result.anomalies.length).toBeGreaterThan(0);
    for (const a of result.anomalies) await expect(mermaid.parse(a.witness.mermaid)).resolves.toBeTruthy();
  });
});
