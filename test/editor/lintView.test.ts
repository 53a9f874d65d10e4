// The words the editor shows for lint results (src/vscode/lintView.ts has no 'vscode' import).
import { describe, expect, it } from 'vitest';
import {
  availabilityBreakdown,
  availabilityTitle,
  codeLensTitles,
  componentAt,
  componentHover,
  findingHover,
  findingKey,
  findingsTitle,
  lintOptionsFromSettings,
  statusBar,
} from '../../src/vscode/lintView';
import { fixture, lintText } from '../core/lint/parse';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/sharedData';

const example = (name: string) => readFileSync(join(repoRoot, 'examples', name), 'utf8');

describe('CodeLens titles', () => {
  it('show the availability against the target and the counts of findings', () => {
    const result = lintText(example('url-shortener.mmd'));
    expect(codeLensTitles(result)).toEqual([
      'Availability 98.3991% (1.7 nines) · below the 99.99% target',
      '1 error, 12 warnings',
    ]);
  });

  it('say when the target is met, and leave the verdict out without a target', () => {
    const result = lintText(example('two-region.mmd'));
    expect(availabilityTitle(result.availability, 0.9999)).toBe('Availability 99.9998% (5.9 nines) · meets the 99.99% target');
    expect(availabilityTitle(result.availability, undefined)).toBe('Availability 99.9998% (5.9 nines)');
    expect(availabilityTitle(undefined, 0.9999)).toBe('Availability: no client path to compute');
  });

  it('count each severity, with plurals', () => {
    const f = (severity: 'error' | 'warning' | 'info' | 'hint') => ({
      rule: 'spof',
      severity,
      message: '',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    });
    expect(findingsTitle([])).toBe('No findings');
    expect(findingsTitle([f('warning')])).toBe('1 warning');
    expect(findingsTitle([f('error'), f('error'), f('info'), f('info'), f('hint')])).toBe('2 errors, 2 info, 1 hint');
  });
});

describe('hovers', () => {
  const result = lintText(example('url-shortener.mmd'));
  const design = result.design;

  it('on a component: kind and why, instances, region, availability, share, layer, its findings', () => {
    const db = componentAt(design, { line: 12, character: 11 })!;
    expect(db.id).toBe('db');
    const md = componentHover(result, db);
    expect(md).toContain('**Postgres** — database');
    expect(md).toContain('Why database: drawn as a cylinder.');
    expect(md).toContain('Instances: 1');
    expect(md).toContain('Region: none drawn');
    expect(md).toContain('Availability: 99.5% per instance (the default for a database)');
    expect(md).toContain('Share of the design’s downtime: 31%');
    expect(md).toContain('Layer: the data: replicated so a copy survives');
    expect(md).toContain('`redundancy/db-replication`');
  });

  it('on an instanced component: the figure with its instances in parallel', () => {
    const api = design.components.find((c) => c.id === 'api')!;
    expect(componentHover(result, api)).toContain('99.5% per instance (the default for a service), 99.9999% with 3 instances in parallel');
  });

  it('on a finding: why it matters, and a link to the rule page', () => {
    const f = result.findings.find((x) => x.rule === 'spof')!;
    const md = findingHover(f);
    expect(md).toContain('**spof**');
    expect(md).toContain('single point of failure is a component that every path');
    expect(md).toContain('(https://github.com/system-design-lab/system-design-lab/blob/main/docs/rules/spof.md)');
  });

  it('find no component away from ids', () => {
    expect(componentAt(design, { line: 0, character: 1 })).toBeUndefined();
  });
});

describe('status bar and availability breakdown', () => {
  it('shows the figure, flags a missed target, and lists components costliest first', () => {
    const result = lintText(example('url-shortener.mmd'));
    const s = statusBar(result)!;
    expect(s.text).toBe('$(pulse) 98.3991%');
    expect(s.belowTarget).toBe(true);
    expect(s.tooltip).toContain('Target: 99.99% (not met)');
    const items = availabilityBreakdown(result);
    expect(items[0]).toMatchObject({ label: 'Redis cache', detail: '31% of the downtime' });
    expect(items.map((i) => i.componentId)).toContain('api');
  });

  it('is hidden for a design with nothing to compute', () => {
    expect(statusBar(undefined)).toBeUndefined();
    expect(statusBar(lintText('flowchart LR\n  a --> b\n'))).toBeUndefined();
  });
});

describe('finding keys', () => {
  it('tell apart findings of one rule on one range by message', () => {
    const r = { start: { line: 1, character: 2 }, end: { line: 1, character: 4 } };
    expect(findingKey('spof', r, 'a')).not.toBe(findingKey('spof', r, 'b'));
    expect(findingKey('spof', r, 'a')).toBe(findingKey('spof', { start: { ...r.start }, end: { ...r.end } }, 'a'));
  });
});

describe('settings', () => {
  it('become lint options, percentages to fractions', () => {
    const { options, problems } = lintOptionsFromSettings({ spof: 'error', 'redundancy/cdn': 'off' }, { database: 99.95 });
    expect(problems).toEqual([]);
    expect([...options.rules!]).toEqual([
      ['spof', 'error'],
      ['redundancy/cdn', 'off'],
    ]);
    expect(options.availabilityDefaults!.get('database')).toBeCloseTo(0.9995, 12);
  });

  it('skip what they cannot use and say why, never throwing', () => {
    const { options, problems } = lintOptionsFromSettings(
      { cdn: 'off', spof: 'loud', __proto__: 'off', constructor: 'error' },
      { database: 120, dragon: 99 },
    );
    expect(options).toEqual({});
    expect(problems).toEqual([
      "systemDesignLab.rules: unknown rule 'cdn'",
      "systemDesignLab.rules: 'spof' must be one of off, hint, info, warning, error",
      "systemDesignLab.rules: unknown rule 'constructor'",
      "systemDesignLab.availability.defaults: 'database' must be a percentage above 0 and at most 100",
      "systemDesignLab.availability.defaults: unknown kind 'dragon'",
    ]);
    expect(lintOptionsFromSettings('spof', [1]).problems).toHaveLength(2);
  });

  it('change what the linter reports', () => {
    const text = fixture('spof/fail.mmd');
    const { options } = lintOptionsFromSettings({ spof: 'error', 'redundancy/cdn': 'off' }, undefined);
    const findings = lintText(text, options).findings;
    expect(findings.filter((f) => f.rule === 'spof').map((f) => f.severity)).toEqual(['error']);
    expect(findings.filter((f) => f.rule === 'redundancy/cdn')).toEqual([]);
  });
});
