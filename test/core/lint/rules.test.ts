import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/design/types';
import { applyEdits, DEFAULT_AVAILABILITY, RULES } from '../../../src/core/lint/index';
import { repoRoot } from '../../support/sharedData';
import { RULE_IDS } from '../../../src/core/design/ruleIds';
import { mermaidRejects } from '../../support/mermaid';
import { designOf, fixture, lintText } from './parse';

/** Each failing fixture and where its finding must be: 0-based line and character of the range start. */
const FAILING: { file: string; rule: string; at: [number, number]; component?: string }[] = [
  { file: 'redundancy/dns/fail.mmd', rule: 'redundancy/dns', at: [1, 21], component: 'dns' },
  { file: 'redundancy/dns/fail-none.mmd', rule: 'redundancy/dns', at: [1, 2], component: 'users' },
  { file: 'redundancy/cdn/fail.mmd', rule: 'redundancy/cdn', at: [1, 2], component: 'users' },
  { file: 'redundancy/load-balancer/fail.mmd', rule: 'redundancy/load-balancer', at: [1, 21], component: 'lb' },
  { file: 'redundancy/app-servers/fail.mmd', rule: 'redundancy/app-servers', at: [2, 9], component: 'api' },
  { file: 'redundancy/app-servers/fail-stateful.mmd', rule: 'redundancy/app-servers', at: [2, 9], component: 'api' },
  { file: 'redundancy/db-replication/fail.mmd', rule: 'redundancy/db-replication', at: [1, 25], component: 'db' },
  { file: 'redundancy/multi-region/fail.mmd', rule: 'redundancy/multi-region', at: [0, 0] },
  { file: 'redundancy/multi-region/fail-one-region.mmd', rule: 'redundancy/multi-region', at: [2, 11] },
  { file: 'redundancy/health-checks/fail.mmd', rule: 'redundancy/health-checks', at: [1, 21], component: 'lb' },
  { file: 'redundancy/health-checks/fail.mmd', rule: 'redundancy/health-checks', at: [3, 10], component: 'db' },
  { file: 'redundancy/circuit-breaker/fail.mmd', rule: 'redundancy/circuit-breaker', at: [1, 27], component: 'api' },
  { file: 'spof/fail.mmd', rule: 'spof', at: [1, 21], component: 'gw' },
  { file: 'availability/target/fail.mmd', rule: 'availability/target', at: [1, 13], component: 'db' },
  { file: 'consistency/requirement/fail.mmd', rule: 'consistency/requirement', at: [3, 2], component: 'replica' },
  { file: 'consistency/requirement/fail-read-your-writes.mmd', rule: 'consistency/requirement', at: [3, 2], component: 'replica' },
  { file: 'syntax/fail.mmd', rule: 'syntax', at: [1, 38] },
  { file: 'annotation/fail.mmd', rule: 'annotation', at: [2, 19], component: 'api' },
];

const ofRule = (findings: Finding[], rule: string) => findings.filter((f) => f.rule === rule);
const same = (a: Finding, b: Finding) => a.rule === b.rule && a.component === b.component;

describe('the registry', () => {
  it('has one rule per public rule id, in DESIGN.md order, each with a docs link', () => {
    expect(RULES.map((r) => r.id)).toEqual([...RULE_IDS]);
    for (const r of RULES) {
      expect(r.docsUrl).toBe(`https://github.com/system-design-lab/system-design-lab/blob/main/docs/rules/${r.id}.md`);
      expect(r.why.length).toBeGreaterThan(80);
    }
  });
});

describe.each(FAILING)('$rule on $file', ({ file, rule, at, component }) => {
  const text = fixture(file);
  const { findings } = lintText(text);
  const finding = ofRule(findings, rule).find((f) => f.range.start.line === at[0] && f.range.start.character === at[1]);

  it('fires at the right range', () => {
    expect(ofRule(findings, rule).map((f) => [f.range.start.line, f.range.start.character])).toContainEqual(at);
    expect(finding!.component).toBe(component);
    expect(finding!.severity).toBe(RULES.find((r) => r.id === rule)!.defaultSeverity);
  });

  it('offers exactly one preferred fix when it has a real one, and a way to switch the rule off', () => {
    const fixes = finding!.fixes ?? [];
    const real = fixes.filter((f) => !f.title.startsWith('Disable '));
    expect(fixes.filter((f) => f.preferred)).toHaveLength(real.length > 0 ? 1 : 0);
    if (rule !== 'syntax') expect(fixes[fixes.length - 1]!.title).toBe(`Disable ${rule} in this file`);
  });

  it('each fix gives text that parses, that Mermaid accepts, and that no longer has the finding', async () => {
    for (const fix of finding!.fixes ?? []) {
      const edited = applyEdits(text, fix.edits);
      const after = lintText(edited);
      expect(ofRule(after.findings, 'syntax'), `${fix.title}:\n${edited}`).toEqual([]);
      expect(ofRule(after.findings, 'annotation'), `${fix.title}:\n${edited}`).toEqual([]);
      expect(await mermaidRejects(edited), `${fix.title}:\n${edited}`).toBeUndefined();
      if (fix.title.startsWith('Disable ')) expect(ofRule(after.findings, rule)).toEqual([]);
      else expect(after.findings.filter((f) => same(f, finding!)), `${fix.title}:\n${edited}`).toEqual([]);
    }
  });
});

describe.each([...new Set(FAILING.map((f) => f.rule))])('%s on its passing fixture', (rule) => {
  it('does not fire', () => {
    const text = fixture(`${rule}/pass.mmd`);
    expect(ofRule(lintText(text).findings, rule)).toEqual([]);
    expect(designOf(text).findings.filter((f) => f.rule === 'syntax')).toEqual([]);
  });
});

describe.each(RULES.map((r) => r.id))('docs/rules/%s.md', (rule) => {
  const page = readFileSync(join(repoRoot, 'docs/rules', `${rule}.md`), 'utf8');
  const fences = [...page.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it('shows the test fixtures: a failing example that fires the rule and a passing one that does not', () => {
    expect(fences).toHaveLength(2);
    expect(fences[0]).toBe(fixture(`${rule}/fail.mmd`));
    expect(fences[1]).toBe(fixture(`${rule}/pass.mmd`));
    expect(ofRule(lintText(fences[0]!).findings, rule).length).toBeGreaterThan(0);
    expect(ofRule(lintText(fences[1]!).findings, rule)).toEqual([]);
  });

  it('says why it matters in the rule’s own words', () => {
    expect(page).toContain(RULES.find((r) => r.id === rule)!.why);
  });
});

describe('package.json', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const props = pkg.contributes.configuration.properties;

  it('lists every rule id in the systemDesignLab.rules schema, with the severities and their descriptions', () => {
    const rules = props['systemDesignLab.rules'];
    expect(Object.keys(rules.properties)).toEqual(RULES.map((r) => r.id));
    for (const r of RULES) {
      expect(rules.properties[r.id].enum).toEqual(['off', 'hint', 'info', 'warning', 'error']);
      expect(rules.properties[r.id].enumDescriptions).toHaveLength(5);
      expect(rules.properties[r.id].markdownDescription).toContain(r.docsUrl);
    }
    expect(rules.additionalProperties).toBe(false);
  });

  it('lists every kind with a default in systemDesignLab.availability.defaults', () => {
    const kinds = props['systemDesignLab.availability.defaults'].properties;
    expect(Object.keys(kinds)).toEqual([...DEFAULT_AVAILABILITY.keys()]);
    for (const [kind, a] of DEFAULT_AVAILABILITY) expect(kinds[kind].markdownDescription).toContain(`Default: ${+(a * 100).toPrecision(10)}.`);
  });
});

describe('an architecture-beta design', () => {
  const text = fixture('architecture/single-region.mmd');
  const { findings } = lintText(text);

  it('is linted like a flowchart', () => {
    expect(findings.map((f) => (f.component ? `${f.rule}@${f.component}` : f.rule)).sort()).toEqual([
      'redundancy/app-servers@lb',
      'redundancy/cdn@users',
      'redundancy/circuit-breaker@app',
      'redundancy/circuit-breaker@lb',
      'redundancy/db-replication@db',
      'redundancy/dns@users',
      'redundancy/multi-region',
      'spof@db',
      'spof@lb',
    ]);
  });

  it('gets annotation and disable fixes that Mermaid accepts and that remove their finding', async () => {
    for (const finding of findings) {
      for (const fix of finding.fixes ?? []) {
        const edited = applyEdits(text, fix.edits);
        const after = lintText(edited);
        expect(ofRule(after.findings, 'syntax').concat(ofRule(after.findings, 'annotation')), `${fix.title}:\n${edited}`).toEqual([]);
        expect(await mermaidRejects(edited), `${fix.title}:\n${edited}`).toBeUndefined();
        const left = fix.title.startsWith('Disable ') ? ofRule(after.findings, finding.rule) : after.findings.filter((f) => same(f, finding));
        expect(left, `${fix.title}:\n${edited}`).toEqual([]);
      }
    }
  });
});

describe('fixes: false', () => {
  it('gives the same findings without building fixes (what diagnostics use)', () => {
    const text = fixture('availability/target/fail.mmd');
    const withFixes = lintText(text).findings;
    const without = lintText(text, { fixes: false }).findings;
    expect(without).toEqual(withFixes.map(({ fixes: _fixes, ...f }) => f));
    expect(withFixes.every((f) => (f.fixes?.length ?? 0) > 0)).toBe(true);
  });
});
