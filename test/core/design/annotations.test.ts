import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAvailability, parseQuantity, readAnnotations, type AnnotationTargets } from '../../../src/core/design/annotations';
import type { Comment } from '../../../src/core/design/ast';
import { RULE_IDS } from '../../../src/core/design/ruleIds';

/** A `%%` comment on `line` whose `%%` starts at `indent`: the shape the parsers hand over. */
function comment(line: number, text: string, indent = 0): Comment {
  return {
    text,
    range: { start: { line, character: indent }, end: { line, character: indent + 2 + text.length } },
    textStart: { line, character: indent + 2 },
  };
}

const targets: AnnotationTargets = {
  nodes: new Set(['api', 'lb', 'db', '__proto__']),
  groups: new Set(['east']),
  nodeNoun: 'node',
  groupNoun: 'subgraph',
};

function read(...lines: string[]) {
  return readAnnotations(
    lines.map((text, i) => comment(i, text)),
    targets,
  );
}

/** The text a finding's range covers in `line`. */
function covered(line: string, f: { range: { start: { character: number }; end: { character: number } } }): string {
  return ('%%' + line).slice(f.range.start.character, f.range.end.character);
}

describe('requirements (@design)', () => {
  it('reads every key with k/M/B suffixes and percentages', () => {
    const r = read(' @design availability=99.99 dau=100M requests=10 peak=3 reads=0.9 consistency=strong');
    expect(r.findings).toEqual([]);
    expect(r.requirements.availability).toBeCloseTo(0.9999, 10);
    expect(r.requirements).toMatchObject({ dau: 100_000_000, requests: 10, peak: 3, reads: 0.9, consistency: 'strong' });
  });

  it('takes percentages and suffixes in every spelling', () => {
    const r = read(' @design availability=99.95% dau=1.5k requests=2B reads=90% consistency=read-your-writes');
    expect(r.findings).toEqual([]);
    expect(r.requirements.availability).toBeCloseTo(0.9995, 10);
    expect(r.requirements.dau).toBe(1500);
    expect(r.requirements.requests).toBe(2e9);
    expect(r.requirements.reads).toBeCloseTo(0.9, 10);
    expect(r.requirements.consistency).toBe('read-your-writes');
  });

  it('merges several @design lines, later values winning', () => {
    const r = read(' @design dau=1M', ' @design dau=2M consistency=eventual');
    expect(r.requirements).toEqual({ dau: 2e6, consistency: 'eventual' });
  });

  it.each([
    ['availability=abc', "availability must be a percentage like 99.99 or 99.99%, got 'abc'", 'abc'],
    ['availability=101', "availability must be a percentage like 99.99 or 99.99%, got '101'", '101'],
    ['availability=5M', "availability must be a percentage like 99.99 or 99.99%, got '5M'", '5M'],
    ['dau=-3', "dau must be a number of daily active users like 100M (k, M, B suffixes), got '-3'", '-3'],
    ['dau=10%', "dau must be a number of daily active users like 100M (k, M, B suffixes), got '10%'", '10%'],
    ['peak=0.5', "peak must be a peak-to-average factor ≥ 1 like 3, got '0.5'", '0.5'],
    ['reads=90', "reads must be the read share: a fraction like 0.9 or a percentage like 90%, got '90'", '90'],
    ['consistency=linear', "consistency must be strong, read-your-writes or eventual, got 'linear'", 'linear'],
    ['requests="ten"', "requests must be a number of requests per user per day like 10, got 'ten'", '"ten"'],
  ])('%s is an annotation finding on the value', (entry, message, value) => {
    const line = ` @design ${entry}`;
    const r = read(line);
    expect(r.findings).toHaveLength(1);
    const [f] = r.findings;
    expect(f).toMatchObject({ rule: 'annotation', severity: 'warning', message });
    expect(covered(line, f!)).toBe(value);
    expect(f!.range.start.line).toBe(0);
  });

  it('reports an unknown key at the key, keeping the good ones', () => {
    const line = ' @design dau=10M qps=5 peak=2';
    const r = read(line);
    expect(r.requirements).toEqual({ dau: 1e7, peak: 2 });
    expect(r.findings).toHaveLength(1);
    expect(covered(line, r.findings[0]!)).toBe('qps');
    expect(r.findings[0]!.message).toMatch(/unknown key 'qps' for @design; expected one of availability, dau/);
  });

  it('a key without its value says so', () => {
    const line = ' @design dau';
    const r = read(line);
    expect(r.findings[0]!.message).toBe('dau needs a value, e.g. dau=100M');
    expect(covered(line, r.findings[0]!)).toBe('dau');
  });
});

describe('node annotations', () => {
  it('reads every node key', () => {
    const r = read(' @lb kind=load-balancer replicas=2 health=/healthz mode=active-passive', ' @db failover=auto stateful availability=99.9 breaker=false');
    expect(r.findings).toEqual([]);
    expect(r.nodeAttributes.get('lb')).toEqual({ kind: 'load-balancer', replicas: 2, health: '/healthz', mode: 'active-passive' });
    const db = r.nodeAttributes.get('db')!;
    expect(db).toMatchObject({ failover: 'auto', stateful: true, breaker: false });
    expect(db.availability).toBeCloseTo(0.999, 10);
  });

  it('remembers where each node was annotated', () => {
    const r = read(' @api replicas=3', ' plain comment', ' @api breaker');
    expect(r.ranges.get('api')!.map((x) => x.start.line)).toEqual([0, 2]);
  });

  it.each([
    ['replicas=three', "replicas must be a whole number ≥ 1, got 'three'", 'three'],
    ['replicas=0', "replicas must be a whole number ≥ 1, got '0'", '0'],
    ['replicas=2.5', "replicas must be a whole number ≥ 1, got '2.5'", '2.5'],
    ['kind=lambda', "kind must be one of client, dns, cdn, load-balancer, gateway, service, worker, cache, database, queue, object-store, search, monitor, got 'lambda'", 'lambda'],
    ['kind=region', "kind=region applies to a subgraph or group; 'api' is a node", 'region'],
    ['mode=hot', "mode must be active-active or active-passive, got 'hot'", 'hot'],
    ['failover=sometimes', "failover must be auto or manual, got 'sometimes'", 'sometimes'],
    ['health=yes', "health must be a path like /healthz, got 'yes'", 'yes'],
    ['breaker=maybe', "breaker is a flag: write 'breaker' or breaker=true|false, got 'maybe'", 'maybe'],
    ['availability=high', "availability must be a percentage like 99.9 or 99.9%, got 'high'", 'high'],
    ['replicas', 'replicas needs a value, e.g. replicas=3', 'replicas'],
    ['color=red', "unknown key 'color' for a node; expected one of kind, replicas, health, breaker, mode, failover, stateful, availability", 'color'],
  ])('@api %s', (entry, message, text) => {
    const line = ` @api ${entry}`;
    const r = read(line);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ rule: 'annotation', message, component: 'api' });
    expect(covered(line, r.findings[0]!)).toBe(text);
  });

  it('quoted values may hold spaces and escaped quotes', () => {
    const r = read(' @api health="/status check"', ' @lb health="/a\\"b"');
    expect(r.nodeAttributes.get('api')!.health).toBe('/status check');
    expect(r.nodeAttributes.get('lb')!.health).toBe('/a"b');
  });

  it('an unterminated quote is reported and the rest of the line kept', () => {
    const line = ' @api replicas=2 health="/x';
    const r = read(line);
    expect(r.nodeAttributes.get('api')).toEqual({ replicas: 2 });
    expect(r.findings[0]!.message).toBe(`the quoted value of 'health' has no closing '"'`);
    expect(covered(line, r.findings[0]!)).toBe('"/x');
  });

  it('stray tokens are reported where they are', () => {
    const line = ' @api =3 replicas= x"y"';
    const r = read(line);
    expect(r.findings.map((f) => covered(line, f))).toEqual(['=3', 'replicas=', 'x"y"']);
  });

  it('an unknown id is a finding at the id, with a hint for a case slip', () => {
    const line = ' @API replicas=2';
    const r = read(line);
    expect(r.findings).toHaveLength(1);
    expect(covered(line, r.findings[0]!)).toBe('API');
    expect(r.findings[0]!.message).toMatch(/no node or subgraph 'API' in this diagram \(ids are case-sensitive: did you mean 'api'\?\)/);
  });

  it("ids such as __proto__ are ordinary ids", () => {
    const r = read(' @__proto__ replicas=2', ' @constructor replicas=2');
    expect(r.nodeAttributes.get('__proto__')).toEqual({ replicas: 2 });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.message).toMatch(/no node or subgraph 'constructor'/);
  });

  it("'@' alone is a finding; ordinary comments are not annotations", () => {
    const r = read(' @', ' just a note about @api', '');
    expect(r.annotations).toHaveLength(0);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.range.start.character).toBe(3);
  });
});

describe('group annotations', () => {
  it('kind=region and kind=group', () => {
    expect(read(' @east kind=region').groupKinds.get('east')).toBe('region');
    expect(read(' @east kind=group').groupKinds.get('east')).toBe('group');
  });

  it('other keys on a group are findings', () => {
    const line = ' @east replicas=2 kind=zone';
    const r = read(line);
    expect(r.findings.map((f) => [covered(line, f), f.message])).toEqual([
      ['replicas', "'east' is a subgraph: only kind=region or kind=group applies to it, got 'replicas'"],
      ['zone', "kind of a subgraph must be region or group, got 'zone'"],
    ]);
  });
});

describe('@lint-disable', () => {
  it('collects known rule ids', () => {
    const r = read(' @lint-disable spof redundancy/dns', ' @lint-disable spof');
    expect(r.disabledRules).toEqual(['spof', 'redundancy/dns']);
    expect(r.findings).toEqual([]);
  });

  it('every rule id of DESIGN.md §3 can be disabled', () => {
    expect(read(` @lint-disable ${RULE_IDS.join(' ')}`).disabledRules).toEqual([...RULE_IDS]);
  });

  it('unknown rule ids are findings with a suggestion', () => {
    const line = ' @lint-disable db-replication bogus';
    const r = read(line);
    expect(r.disabledRules).toEqual([]);
    expect(r.findings.map((f) => covered(line, f))).toEqual(['db-replication', 'bogus']);
    expect(r.findings[0]!.message).toMatch(/^unknown rule 'db-replication' \(did you mean 'redundancy\/db-replication'\?\)/);
  });

  it('a misspelt rule id is matched to the nearest one, and nonsense gets no guess', () => {
    const r = read(' @lint-disable redundancy/dsn spfo zzzzzz');
    expect(r.findings.map((f) => f.message.split(';')[0])).toEqual([
      "unknown rule 'redundancy/dsn' (did you mean 'redundancy/dns'?)",
      "unknown rule 'spfo' (did you mean 'spof'?)",
      "unknown rule 'zzzzzz'",
    ]);
  });

  it('needs at least one rule and takes no values', () => {
    expect(read(' @lint-disable').findings[0]!.message).toMatch(/needs at least one rule id/);
    expect(read(' @lint-disable spof=true').findings[0]!.message).toMatch(/takes rule ids separated by spaces/);
  });
});

describe('numbers', () => {
  it.each([
    ['10', 10, ''],
    ['1.5k', 1500, 'k'],
    ['100M', 1e8, 'M'],
    ['100m', 1e8, 'M'],
    ['2B', 2e9, 'B'],
    ['1,000', 1000, ''],
    ['1_000_000', 1e6, ''],
    ['99.9%', 99.9, '%'],
    ['.5', 0.5, ''],
  ])('parseQuantity(%s)', (text, value, unit) => {
    expect(parseQuantity(text)).toEqual({ value, unit });
  });

  it.each(['', 'abc', '1.', '1,', '1__0', '-1', '1e3', '10 MB', '5x'])('parseQuantity(%j) is undefined', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });

  it('availability: percentages, and fractions at most 1', () => {
    expect(parseAvailability('99.99')).toBeCloseTo(0.9999, 10);
    expect(parseAvailability('99.99%')).toBeCloseTo(0.9999, 10);
    expect(parseAvailability('0.999')).toBeCloseTo(0.999, 10);
    expect(parseAvailability('100')).toBe(1);
    expect(parseAvailability('0')).toBeUndefined();
    expect(parseAvailability('100.5')).toBeUndefined();
  });
});

describe('property: any comment text', () => {
  it('never throws; findings and entries sit inside the comment line', () => {
    const piece = fc.constantFrom('@', 'design', 'lint-disable', 'api', 'lb', 'east', ' ', '\t', '=', '"', '\\', 'replicas', 'kind', '3', 'three', '%', 'M', 'spof', 'region', '__proto__', 'é', '');
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 5 })), { maxLength: 30 }), (pieces) => {
        const text = pieces.join('');
        const r = readAnnotations([comment(3, text, 4)], targets);
        const end = 4 + 2 + text.length;
        for (const f of r.findings) {
          expect(f.range.start.line).toBe(3);
          expect(f.range.start.character).toBeGreaterThanOrEqual(4);
          expect(f.range.end.character).toBeLessThanOrEqual(end);
          expect(f.range.start.character).toBeLessThanOrEqual(f.range.end.character);
          expect(f.message.length).toBeGreaterThan(0);
        }
        for (const a of r.annotations) for (const e of a.entries) expect(e.range.end.character).toBeLessThanOrEqual(end);
      }),
      { numRuns: 500 },
    );
  });
});
