import { describe, expect, it } from 'vitest';
import { computeAvailability, formatDowntime, formatNines, formatPercent } from '../../../src/core/lint/availability';
import { DesignGraph } from '../../../src/core/lint/graph';
import { lintDesign } from '../../../src/core/lint/index';
import { handBuilt } from './handBuilt';

const at = (percent: number) => ({ availability: percent / 100 });

function availabilityOf(design: ReturnType<typeof handBuilt>, overrides?: Map<string, number>) {
  const report = computeAvailability(new DesignGraph(design), overrides);
  if (!report) throw new Error('no availability');
  return report;
}

describe('availability model: hand-computed values', () => {
  it('99.9% × 99.9% in series = 99.8001%', () => {
    const d = handBuilt(
      [
        { id: 'users', kind: 'client' },
        { id: 'api', kind: 'service', attributes: at(99.9) },
        { id: 'db', kind: 'database', attributes: at(99.9) },
      ],
      [
        ['users', 'api'],
        ['api', 'db'],
      ],
    );
    const r = availabilityOf(d);
    expect(r.availability).toBeCloseTo(0.998001, 12);
    expect(formatPercent(r.availability)).toBe('99.8001%');
  });

  it('two 99.9% instances in parallel = 99.9999%', () => {
    const d = handBuilt(
      [
        { id: 'users', kind: 'client' },
        { id: 'api', kind: 'service', instances: 2, attributes: at(99.9) },
      ],
      [['users', 'api']],
    );
    const r = availabilityOf(d);
    expect(r.availability).toBeCloseTo(0.999999, 12);
    expect(formatPercent(r.availability)).toBe('99.9999%');
    expect(formatNines(r.nines)).toBe('6.0 nines');
  });

  it('two parallel DNS providers count like two instances; a shared stage is counted once', () => {
    const d = handBuilt(
      [
        { id: 'users', kind: 'client' },
        { id: 'dns1', kind: 'dns', attributes: at(99) },
        { id: 'dns2', kind: 'dns', attributes: at(99) },
        { id: 'api', kind: 'service', attributes: at(99) },
      ],
      [
        ['users', 'dns1'],
        ['users', 'dns2'],
        ['dns1', 'api'],
        ['dns2', 'api'],
      ],
    );
    // (1 − 0.01²) × 0.99, not the 0.99² a path-by-path product would give.
    expect(availabilityOf(d).availability).toBeCloseTo(0.9999 * 0.99, 12);
  });

  it('regions in parallel: each region its stages in series, the shared stages in series with the regions', () => {
    const d = handBuilt(
      [
        { id: 'users', kind: 'client' },
        { id: 'dns', kind: 'dns', instances: 2, attributes: at(90) },
        { id: 'app_e', kind: 'service', region: 'east', attributes: at(99) },
        { id: 'cache_e', kind: 'cache', region: 'east', attributes: at(98) },
        { id: 'app_w', kind: 'service', region: 'west', attributes: at(95) },
      ],
      [
        ['users', 'dns'],
        ['dns', 'app_e'],
        ['dns', 'app_w'],
        ['app_e', 'cache_e'],
      ],
    );
    const east = 0.99 * 0.98;
    const west = 0.95;
    const expected = (1 - 0.1 * 0.1) * (1 - (1 - east) * (1 - west));
    const r = availabilityOf(d);
    expect(r.availability).toBeCloseTo(expected, 12);
    expect(r.regions).toBe(2);
  });

  it('a primary with replicas and automatic failover is one stage: any copy can serve', () => {
    const base = [
      { id: 'users', kind: 'client' as const },
      { id: 'db', kind: 'database' as const, role: 'primary' as const, attributes: { availability: 0.99, failover: 'auto' as const } },
      { id: 'db_r', kind: 'database' as const, role: 'replica' as const, attributes: at(99) },
    ];
    const links: [string, string, 'replication'][] = [['db', 'db_r', 'replication']];
    expect(availabilityOf(handBuilt(base, [['users', 'db'], ...links])).availability).toBeCloseTo(0.9999, 12);
    // Without automatic failover the primary stands alone.
    const manual = base.map((n) => (n.id === 'db' ? { ...n, attributes: at(99) } : n));
    expect(availabilityOf(handBuilt(manual, [['users', 'db'], ...links])).availability).toBeCloseTo(0.99, 12);
  });

  it('uses the per-kind defaults, settings over them, and availability= over both', () => {
    const d = handBuilt(
      [
        { id: 'users', kind: 'client' },
        { id: 'api', kind: 'service' },
        { id: 'db', kind: 'database', attributes: at(99.9) },
      ],
      [
        ['users', 'api'],
        ['api', 'db'],
      ],
    );
    expect(availabilityOf(d).availability).toBeCloseTo(0.995 * 0.999, 12);
    const r = availabilityOf(d, new Map([['service', 0.9], ['database', 0.5]]));
    expect(r.availability).toBeCloseTo(0.9 * 0.999, 12);
    expect(r.components.find((c) => c.id === 'api')!.source).toBe('setting');
    expect(r.components.find((c) => c.id === 'db')!.source).toBe('annotation');
  });

  it('the weakest client sets the figure, and shares say what each component costs', () => {
    const d = handBuilt(
      [
        { id: 'web', kind: 'client' },
        { id: 'admin', kind: 'client' },
        { id: 'api', kind: 'service', instances: 3, attributes: at(99) },
        { id: 'back', kind: 'service', attributes: at(99) },
        { id: 'db', kind: 'database', attributes: at(99.9) },
      ],
      [
        ['web', 'api'],
        ['admin', 'back'],
        ['back', 'db'],
      ],
    );
    const r = availabilityOf(d);
    expect(r.client).toBe('admin');
    expect(r.availability).toBeCloseTo(0.99 * 0.999, 12);
    expect(r.costliest).toBe('back');
    const A = 0.99 * 0.999;
    const share = (id: string) => r.components.find((c) => c.id === id)!.share;
    expect(share('back')).toBeCloseTo((0.999 - A) / (1 - A), 12);
    expect(share('db')).toBeCloseTo((0.99 - A) / (1 - A), 12);
    expect(share('api')).toBeUndefined();
  });

  it('formats figures the way the hover and CodeLens show them', () => {
    expect(formatPercent(0.99999999)).toBe('99.9999%');
    expect(formatPercent(0.95)).toBe('95%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatDowntime(0.0001 * 525960)).toBe('52.6 min a year');
    expect(formatDowntime(0.001 * 525960)).toBe('8.8 h a year');
    expect(formatDowntime(0.01 * 525960)).toBe('3.7 days a year');
    expect(formatDowntime(0.000001 * 525960)).toBe('31.6 s a year');
  });
});

describe('availability/target', () => {
  it('fires below the target and names the costliest component', () => {
    const d = handBuilt(
      [
        { id: 'users', kind: 'client' },
        { id: 'api', kind: 'service', label: 'API', attributes: at(99.9) },
        { id: 'db', kind: 'database', label: 'Orders DB', attributes: at(99.5) },
      ],
      [
        ['users', 'api'],
        ['api', 'db'],
      ],
      { requirements: { availability: 0.9999 } },
    );
    const { findings, availability } = lintDesign(d);
    const f = findings.filter((x) => x.rule === 'availability/target');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('error');
    expect(f[0]!.component).toBe('db');
    expect(f[0]!.message).toContain('99.4005%');
    expect(f[0]!.message).toContain('Orders DB costs the most');
    expect(availability!.target).toBe(0.9999);
  });

  it('stays quiet when the target is met', () => {
    const d = handBuilt(
      [
        { id: 'users', kind: 'client' },
        { id: 'api', kind: 'service', instances: 3, attributes: at(99.9) },
      ],
      [['users', 'api']],
      { requirements: { availability: 0.9999 } },
    );
    expect(lintDesign(d).findings.filter((x) => x.rule === 'availability/target')).toEqual([]);
  });
});
