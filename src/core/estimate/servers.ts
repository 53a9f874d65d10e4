/**
 * Servers needed: the peak load over what one server handles at the target utilisation,
 * rounded up, plus spares so a failure (N+1) or a failure during a deploy (N+2) still holds.
 */
import { finish, num, step } from './build';
import type { EstimatorSpec } from './types';
import { formatNumber, formatPercent } from './units';

export const servers: EstimatorSpec = {
  name: 'servers',
  title: 'Estimate Servers Needed',
  summary: 'servers for a peak QPS at a target utilisation, with N+1 and N+2 spares',
  fields: [
    {
      key: 'qps',
      option: 'qps',
      label: 'Peak QPS',
      help: 'Requests per second at the busiest time.',
      kind: 'count',
      example: '35k',
      min: 0,
      units: ['qps', 'rps', 'req/s', '/s'],
    },
    {
      key: 'perServer',
      option: 'per-server',
      label: 'QPS one server handles',
      help: 'What one server sustains at full load (from a load test or a similar service).',
      kind: 'count',
      example: '2k',
      min: 0,
      minExclusive: true,
      units: ['qps', 'rps', 'req/s', '/s'],
    },
    {
      key: 'utilization',
      option: 'utilization',
      aliases: ['utilisation'],
      label: 'Target utilisation',
      help: 'How busy a server may run at peak, leaving headroom for spikes and slow requests.',
      kind: 'share',
      example: '70%',
      default: '70%',
      min: 0,
      minExclusive: true,
      max: 1,
    },
  ],
  forms: [{ id: 'servers', label: 'Servers', detail: 'from peak QPS and per-server capacity', fields: ['qps', 'perServer', 'utilization'] }],
  compute(values, inputs) {
    const qps = num(values, 'qps');
    const perServer = num(values, 'perServer');
    const utilization = num(values, 'utilization') ?? 0.7;
    if (qps === undefined) return { ok: false, error: { field: 'qps', message: 'the peak QPS is needed, e.g. 35k' } };
    if (perServer === undefined) {
      return { ok: false, error: { field: 'perServer', message: 'the QPS one server handles is needed, e.g. 2k' } };
    }
    const usable = perServer * utilization;
    const exact = qps / usable;
    const n = Math.max(1, Math.ceil(exact * (1 - 1e-12)));
    const atPeak = qps / (n * perServer);
    const steps = [
      step('Usable QPS per server', `${formatNumber(perServer)} QPS × ${formatPercent(utilization)} utilisation`, `${formatNumber(usable)} QPS`, usable, 'usablePerServer'),
      step('Servers for the peak (N)', `⌈${formatNumber(qps)} ÷ ${formatNumber(usable)}⌉ = ⌈${formatNumber(exact)}⌉`, `${formatNumber(n)} servers`, n, 'servers'),
      step('N+1 (survives one failure)', `${formatNumber(n)} + 1`, `${formatNumber(n + 1)} servers`, n + 1, 'serversNPlus1'),
      step('N+2 (one failure during a deploy)', `${formatNumber(n)} + 2`, `${formatNumber(n + 2)} servers`, n + 2, 'serversNPlus2'),
      step('Utilisation at peak on N servers', `${formatNumber(qps)} ÷ (${formatNumber(n)} × ${formatNumber(perServer)})`, formatPercent(atPeak), atPeak, 'peakUtilization'),
    ];
    return finish({
      estimator: 'servers',
      title: 'Servers estimate',
      summary: `${formatNumber(n)} servers for the peak at ${formatPercent(utilization)} utilisation; ${formatNumber(n + 1)} with N+1, ${formatNumber(n + 2)} with N+2.`,
      inputs,
      steps,
      notes: [
        'N is rounded up and is at least 1. Spares carry the load when one server fails (N+1), or fails while another is out for a deploy (N+2).',
        'Spread the servers over availability zones so that losing a zone leaves N: with z zones that is N × z ÷ (z − 1).',
      ],
    });
  },
};
