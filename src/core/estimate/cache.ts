/**
 * Cache size by the 80/20 rule: keep the hottest share of a day's reads in memory.
 */
import { fail, finish, num, step } from './build';
import type { EstimatorSpec, Step } from './types';
import { DAY_S, formatBytes, formatCount, formatNumber, formatPercent } from './units';

export const cache: EstimatorSpec = {
  name: 'cache',
  title: 'Estimate Cache Size',
  summary: 'memory for the hot share of a day’s reads (80/20 by default)',
  fields: [
    {
      key: 'readQps',
      option: 'read-qps',
      label: 'Read QPS (average)',
      help: 'Reads per second on average.',
      kind: 'count',
      example: '10k',
      min: 0,
      units: ['qps', 'rps', 'reads/s', '/s'],
    },
    {
      key: 'readsPerDay',
      option: 'reads-per-day',
      label: 'Reads per day',
      help: 'Reads in a day (instead of read QPS).',
      kind: 'count',
      example: '1B',
      min: 0,
      units: ['reads', '/day', 'per day'],
    },
    {
      key: 'size',
      option: 'size',
      label: 'Cached object size',
      help: 'The size of one cached object or response, with its key.',
      kind: 'bytes',
      example: '2 KB',
      min: 0,
    },
    {
      key: 'hot',
      option: 'hot',
      label: 'Hot share',
      help: 'The share of a day’s reads worth caching (20% in the 80/20 rule).',
      kind: 'share',
      example: '20%',
      default: '20%',
      min: 0,
      minExclusive: true,
      max: 1,
    },
  ],
  forms: [
    { id: 'qps', label: 'From read QPS', detail: 'reads per second on average', fields: ['readQps', 'size', 'hot'] },
    { id: 'perDay', label: 'From reads per day', detail: 'reads in a day', fields: ['readsPerDay', 'size', 'hot'] },
  ],
  compute(values, inputs) {
    const readQps = num(values, 'readQps');
    const readsPerDayGiven = num(values, 'readsPerDay');
    const size = num(values, 'size');
    const hot = num(values, 'hot') ?? 0.2;
    if (readQps !== undefined && readsPerDayGiven !== undefined) {
      return fail('give either read QPS or reads per day, not both', 'readsPerDay');
    }
    if (readQps === undefined && readsPerDayGiven === undefined) {
      return fail('read QPS (e.g. 10k) or reads per day (e.g. 1B) is needed');
    }
    if (size === undefined) return fail('the cached object size is needed, e.g. 2 KB', 'size');
    const steps: Step[] = [];
    let readsPerDay = readsPerDayGiven ?? 0;
    if (readQps !== undefined) {
      readsPerDay = readQps * DAY_S;
      steps.push(step('Reads per day', `${formatNumber(readQps)} reads/s × 86,400 s`, `${formatCount(readsPerDay)} reads`, readsPerDay, 'readsPerDay'));
    }
    const hotReads = readsPerDay * hot;
    const bytes = hotReads * size;
    steps.push(
      step('Hot reads', `${formatNumber(readsPerDay)} × ${formatPercent(hot)}`, `${formatCount(hotReads)} reads`, hotReads, 'hotReads'),
      step('Cache size', `${formatNumber(hotReads)} × ${formatBytes(size)}`, formatBytes(bytes), bytes, 'cacheBytes'),
    );
    const notes = [
      'Every read is counted as a distinct object, so repeated reads of one object make this an upper bound; the slack covers per-entry overhead.',
      'Add replicas of the cache (and headroom, about 1.3×) when sizing machines.',
    ];
    if (Math.abs(hot - 0.2) < 1e-12) {
      notes.unshift('80/20 rule: the hottest 20% of objects draw about 80% of reads, so a cache holding them should hit about 80% of the time.');
    }
    return finish({
      estimator: 'cache',
      title: 'Cache size estimate',
      summary: `${formatBytes(bytes)} of cache for the hottest ${formatPercent(hot)} of ${formatCount(readsPerDay)} reads a day.`,
      inputs,
      steps,
      notes,
    });
  },
};
