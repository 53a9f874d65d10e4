// Properties over open-ended input: the linter never throws, and everything it reports points
// inside the document it was given.
import fc from 'fast-check';
import { uniform } from '../../support/arbitraries';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ComponentKind, Design, Finding, Range } from '../../../src/core/design/types';
import { COMPONENT_KINDS } from '../../../src/core/design/types';
import { applyEdits, lintDesign } from '../../../src/core/lint/index';
import { repoRoot } from '../../support/sharedData';
import { handBuilt, type NodeSpec } from './handBuilt';
import { lintText } from './parse';

const IDS = ['a', 'b', 'c', 'd', 'e', 'f', '__proto__', 'constructor', 'toString', 'lb', 'db'];
const KINDS: ComponentKind[] = [...COMPONENT_KINDS, 'unknown'];

const nodeSpec = fc.record({
  kind: fc.constantFrom(...KINDS),
  instances: fc.integer({ min: 0, max: 4 }),
  region: fc.option(fc.constantFrom('east', 'west', 'north'), { nil: undefined }),
  role: fc.option(fc.constantFrom('primary' as const, 'replica' as const), { nil: undefined }),
  failover: fc.option(fc.constantFrom('auto' as const, 'manual' as const), { nil: undefined }),
  mode: fc.option(fc.constantFrom('active-active' as const, 'active-passive' as const), { nil: undefined }),
  breaker: fc.boolean(),
  stateful: fc.boolean(),
  availability: fc.option(fc.oneof(fc.double({ min: -1, max: 2 }), fc.constant(Number.NaN)), { nil: undefined }),
});

const designArb = fc
  .uniqueArray(fc.constantFrom(...IDS), { minLength: 0, maxLength: IDS.length })
  .chain((ids) =>
    fc.tuple(
      fc.constant(ids),
      fc.array(nodeSpec, { minLength: ids.length, maxLength: ids.length }),
      fc.array(
        fc.tuple(fc.constantFrom(...IDS, 'ghost'), fc.constantFrom(...IDS, 'ghost'), fc.boolean(), fc.constantFrom('sync' as const, 'async' as const, 'semi-sync' as const)),
        { maxLength: 30 },
      ),
      fc.record({
        availability: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
        consistency: fc.option(fc.constantFrom('strong' as const, 'read-your-writes' as const, 'eventual' as const), { nil: undefined }),
      }),
    ),
  )
  .map(([ids, specs, links, requirements]) => {
    const nodes: NodeSpec[] = ids.map((id, i) => {
      const s = specs[i]!;
      const attributes: NodeSpec['attributes'] = { breaker: s.breaker, stateful: s.stateful };
      if (s.failover) attributes.failover = s.failover;
      if (s.mode) attributes.mode = s.mode;
      if (s.availability !== undefined) attributes.availability = s.availability;
      const n: NodeSpec = { id, kind: s.kind, instances: s.instances, attributes };
      if (s.region) n.region = s.region;
      if (s.role) n.role = s.role;
      return n;
    });
    const req: Design['requirements'] = {};
    if (requirements.availability !== undefined) req.availability = requirements.availability;
    if (requirements.consistency) req.consistency = requirements.consistency;
    return handBuilt(
      nodes,
      links.map(([from, to, replication, mode]) => (replication ? [from, to, 'replication', mode] : [from, to])),
      { requirements: req },
    );
  });

function within(outer: Range, r: Range): boolean {
  const le = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, r.start) && le(r.start, r.end) && le(r.end, outer.end);
}

function allRanges(f: Finding): Range[] {
  return [f.range, ...(f.related ?? []).map((r) => r.range), ...(f.fixes ?? []).flatMap((x) => x.edits.map((e) => e.range))];
}

describe('lint on arbitrary designs', () => {
  it('never throws, keeps every range inside the design, and gives an availability between 0 and 1', () => {
    fc.assert(
      fc.property(designArb, (design) => {
        const { findings, availability } = lintDesign(design);
        for (const f of findings) {
          expect(f.message).not.toMatch(/internal error in rule/);
          for (const r of allRanges(f)) expect(within(design.range, r)).toBe(true);
        }
        if (availability) {
          expect(availability.availability).toBeGreaterThanOrEqual(0);
          expect(availability.availability).toBeLessThanOrEqual(1);
          for (const c of availability.components) if (c.share !== undefined) expect(c.share).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** The whole text as a range, and whether a range fits inside it line by line. */
function fitsText(text: string, r: Range): boolean {
  const lines = text.split(/\r\n|\r|\n/);
  const ok = (p: Range['start']) => p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line]!.length;
  return ok(r.start) && ok(r.end);
}

const examples = ['url-shortener.mmd', 'social-feed.mmd', 'bank-transfers.mmd', 'two-region.mmd'].map((f) =>
  readFileSync(join(repoRoot, 'examples', f), 'utf8'),
);

const mutation = fc.record({
  example: fc.integer({ min: 0, max: examples.length - 1 }),
  edits: fc.array(
    fc.record({
      at: uniform(0, 1),
      remove: fc.integer({ min: 0, max: 12 }),
      insert: fc.oneof(
        fc.constantFrom('', '-->', ' & ', '[', ']', '(', ')', '%% @', ' x3', '\n', 'subgraph r[Region]\n', 'end\n', '"', '|', 'replicas=2 ', '::: ', '@{', '%%'),
        fc.string({ maxLength: 6 }),
      ),
    }),
    { minLength: 1, maxLength: 6 },
  ),
});

describe('lint on mutated example files', () => {
  it('never throws, keeps every range and fix inside the file, and fixes apply', () => {
    fc.assert(
      fc.property(mutation, ({ example, edits }) => {
        let text = examples[example]!;
        for (const e of edits) {
          const i = Math.floor(e.at * text.length);
          text = text.slice(0, i) + e.insert + text.slice(i + e.remove);
        }
        const { findings } = lintText(text);
        for (const f of findings) {
          expect(f.message).not.toMatch(/internal error in rule/);
          for (const r of allRanges(f)) expect(fitsText(text, r), `${f.rule} ${JSON.stringify(r)}\n${text}`).toBe(true);
          for (const fix of f.fixes ?? []) expect(() => lintText(applyEdits(text, fix.edits))).not.toThrow();
        }
      }),
      { numRuns: 150 },
    );
  });
});
