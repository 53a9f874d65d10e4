/**
 * Storage: a day's writes × object size, kept for the retention period, times the replication
 * factor; with growth, the write rate compounds yearly and the figure is projected per year.
 */
import { finish, num, step } from './build';
import type { EstimatorSpec, Step } from './types';
import { DAY_S, YEAR_DAYS, YEAR_S, formatBytes, formatDuration, formatNumber, formatPercent } from './units';

/** Years the growth projection covers. */
export const PROJECTION_YEARS = 5;

export const storage: EstimatorSpec = {
  name: 'storage',
  title: 'Estimate Storage',
  summary: 'storage from writes per day, object size, retention and replication, with yearly growth',
  fields: [
    {
      key: 'writes',
      option: 'writes',
      label: 'Writes per day',
      help: 'New objects (rows, messages, files) written per day.',
      kind: 'count',
      example: '10M',
      min: 0,
      units: ['writes', '/day', 'per day'],
    },
    {
      key: 'size',
      option: 'size',
      label: 'Object size',
      help: 'The size of one written object, with its metadata.',
      kind: 'bytes',
      example: '2 KB',
      min: 0,
    },
    {
      key: 'retention',
      option: 'retention',
      label: 'Retention',
      help: 'How long data is kept before it is deleted.',
      kind: 'duration',
      example: '5 years',
      default: '5 years',
      min: 0,
      minExclusive: true,
    },
    {
      key: 'replication',
      option: 'replication',
      label: 'Replication factor',
      help: 'Copies kept of each object (3 for triple replication, 1.5 for a typical erasure code).',
      kind: 'number',
      example: '3',
      default: '3',
      min: 1,
      units: ['x', '×', 'copies'],
    },
    {
      key: 'growth',
      option: 'growth',
      label: 'Growth per year',
      help: 'How much the daily write volume grows each year (0% for none).',
      kind: 'share',
      example: '20%',
      default: '0%',
      min: 0,
      max: 100,
    },
  ],
  forms: [
    {
      id: 'storage',
      label: 'Storage',
      detail: 'from writes per day and object size',
      fields: ['writes', 'size', 'retention', 'replication', 'growth'],
    },
  ],
  compute(values, inputs) {
    const writes = num(values, 'writes');
    const size = num(values, 'size');
    const retention = num(values, 'retention') ?? 5 * YEAR_S;
    const replication = num(values, 'replication') ?? 3;
    const growth = num(values, 'growth') ?? 0;
    if (writes === undefined) return { ok: false, error: { field: 'writes', message: 'writes per day are needed, e.g. 10M' } };
    if (size === undefined) return { ok: false, error: { field: 'size', message: 'the object size is needed, e.g. 2 KB' } };
    const perDay = writes * size;
    const perYear = perDay * YEAR_DAYS;
    const retentionDays = retention / DAY_S;
    const retained = perDay * retentionDays;
    const total = retained * replication;
    const steps: Step[] = [
      step('Written per day', `${formatNumber(writes)} writes × ${formatBytes(size)}`, `${formatBytes(perDay)}/day`, perDay, 'perDay'),
      step('Written per year', `${formatBytes(perDay)} × ${YEAR_DAYS} days`, `${formatBytes(perYear)}/year`, perYear, 'perYear'),
      step(
        'Kept for the retention period',
        `${formatBytes(perDay)} × ${formatNumber(retentionDays)} days (${formatDuration(retention)})`,
        formatBytes(retained),
        retained,
        'retained',
      ),
      step('With replication', `${formatBytes(retained)} × ${formatNumber(replication)} copies`, formatBytes(total), total, 'total'),
    ];
    const retentionYears = retention / YEAR_S;
    let summary = `${formatBytes(total)} once ${formatDuration(retention)} of data is kept (${formatBytes(perDay)}/day × ${formatNumber(replication)} copies).`;
    if (growth > 0) {
      for (let year = 1; year <= PROJECTION_YEARS; year++) {
        const { bytes, terms } = retainedAt(year, retentionYears, perYear, growth);
        const stored = bytes * replication;
        const sum =
          terms.length <= 4 ? terms.join(' + ') : `${terms[0]} + … + ${terms[terms.length - 1]} (${terms.length} years’ writes)`;
        steps.push(
          step(
            `Stored at the end of year ${year}`,
            `${terms.length > 1 ? `(${sum})` : sum} × ${formatNumber(replication)} copies`,
            formatBytes(stored),
            stored,
            `endOfYear${year}`,
          ),
        );
        if (year === PROJECTION_YEARS) {
          summary = `${formatBytes(stored)} at the end of year ${year} with ${formatPercent(growth)} growth a year (${formatBytes(total)} without growth).`;
        }
      }
    }
    const notes = [
      `A year is ${YEAR_DAYS} days (the Gregorian mean year).`,
      'Replication multiplies everything stored; indexes, compaction headroom and backups come on top.',
    ];
    if (growth > 0) {
      notes.push(
        `With growth, year n writes ${formatBytes(perYear)} × (1 + ${formatPercent(growth)})^(n−1); the store holds what was written in the last ${formatDuration(retention)}.`,
      );
    }
    return finish({ estimator: 'storage', title: 'Storage estimate', summary, inputs, steps, notes });
  },
};

/**
 * Bytes held at the end of `year` when year k (0-based) writes perYear × (1+growth)^k and
 * data older than the retention window is gone; `terms` are the years' contributions.
 */
function retainedAt(year: number, retentionYears: number, perYear: number, growth: number): { bytes: number; terms: string[] } {
  const start = Math.max(0, year - retentionYears);
  let bytes = 0;
  const terms: string[] = [];
  for (let k = Math.floor(start); k < year; k++) {
    const overlap = Math.min(k + 1, year) - Math.max(k, start);
    if (overlap <= 0) continue;
    const volume = perYear * (1 + growth) ** k;
    bytes += overlap * volume;
    terms.push(overlap >= 1 - 1e-9 ? formatBytes(volume) : `${formatNumber(overlap)} × ${formatBytes(volume)}`);
  }
  return { bytes, terms };
}
