/**
 * QPS from daily active users: requests per day over the seconds in a day, the quick rule
 * (÷ 100,000) beside the exact one (÷ 86,400), the peak, and the read/write split.
 */
import { finish, num, step } from './build';
import type { EstimatorSpec } from './types';
import { DAY_S, formatCount, formatNumber, formatPercent } from './units';

export const QUICK_DAY_S = 100_000;

export const qps: EstimatorSpec = {
  name: 'qps',
  title: 'Estimate QPS',
  summary: 'requests per second from daily active users, with peak and read/write split',
  fields: [
    {
      key: 'dau',
      option: 'dau',
      label: 'Daily active users',
      help: 'How many distinct users use the system on a typical day.',
      kind: 'count',
      example: '100M',
      min: 0,
      minExclusive: true,
      units: ['users', 'dau'],
    },
    {
      key: 'requests',
      option: 'requests',
      label: 'Requests per user per day',
      help: 'How many requests one active user makes in a day (page views, API calls, messages).',
      kind: 'number',
      example: '10',
      min: 0,
      minExclusive: true,
      units: ['requests', '/day', 'per day'],
    },
    {
      key: 'peak',
      option: 'peak',
      label: 'Peak factor',
      help: 'How many times the average the busiest second sees (2-3 is common for daily cycles).',
      kind: 'number',
      example: '3',
      default: '2',
      min: 1,
      units: ['x', '×'],
    },
    {
      key: 'reads',
      option: 'reads',
      label: 'Read share',
      help: 'The share of requests that read rather than write (90% for a read-heavy service).',
      kind: 'share',
      example: '90%',
      default: '90%',
      min: 0,
      max: 1,
    },
  ],
  forms: [{ id: 'qps', label: 'QPS', detail: 'from daily active users', fields: ['dau', 'requests', 'peak', 'reads'] }],
  compute(values, inputs) {
    const dau = num(values, 'dau');
    const requests = num(values, 'requests');
    const peak = num(values, 'peak') ?? 2;
    const reads = num(values, 'reads') ?? 0.9;
    if (dau === undefined) return { ok: false, error: { field: 'dau', message: 'daily active users are needed, e.g. 100M' } };
    if (requests === undefined) {
      return { ok: false, error: { field: 'requests', message: 'requests per user per day are needed, e.g. 10' } };
    }
    const perDay = dau * requests;
    const quick = perDay / QUICK_DAY_S;
    const average = perDay / DAY_S;
    const peakQps = average * peak;
    const writes = 1 - reads;
    const q = (n: number) => `${formatNumber(n)} QPS`;
    const steps = [
      step('Requests per day', `${formatNumber(dau)} users × ${formatNumber(requests)} requests`, `${formatCount(perDay)} requests/day`, perDay, 'requestsPerDay'),
      step('Average QPS, quick rule', `${formatNumber(perDay)} ÷ 100,000 (a day ≈ 10⁵ s)`, q(quick), quick, 'averageQpsQuick'),
      step('Average QPS, exact', `${formatNumber(perDay)} ÷ 86,400 s`, q(average), average, 'averageQps'),
      step('Peak QPS', `${formatNumber(average)} QPS × ${formatNumber(peak)} (peak factor)`, q(peakQps), peakQps, 'peakQps'),
      step('Read QPS, average', `${formatNumber(average)} × ${formatPercent(reads)} reads`, q(average * reads), average * reads, 'readQps'),
      step('Write QPS, average', `${formatNumber(average)} × ${formatPercent(writes)} writes`, q(average * writes), average * writes, 'writeQps'),
      step('Read QPS, peak', `${formatNumber(peakQps)} × ${formatPercent(reads)} reads`, q(peakQps * reads), peakQps * reads, 'peakReadQps'),
      step('Write QPS, peak', `${formatNumber(peakQps)} × ${formatPercent(writes)} writes`, q(peakQps * writes), peakQps * writes, 'peakWriteQps'),
    ];
    return finish({
      estimator: 'qps',
      title: 'QPS estimate',
      summary: `${q(average)} on average (${formatNumber(quick)} by the quick rule), ${q(peakQps)} at peak; ${formatPercent(reads)} reads.`,
      inputs,
      steps,
      notes: [
        'A day has 86,400 s; the quick rule divides by 100,000 (10⁵) instead, which is easy in your head and about 14% low.',
        'Peak = average × peak factor: traffic follows the users’ day, so the busiest hour runs well above the daily average.',
        'Read and write QPS split the same total by the read share.',
      ],
    });
  },
};
