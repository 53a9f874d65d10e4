/**
 * Bandwidth: what comes in (writes × their payload) and what goes out (reads × their
 * response), on average and at peak, in bytes and in bits per second.
 */
import { finish, num, step } from './build';
import type { EstimatorSpec } from './types';
import { DAY_S, MONTH_S, formatBitRate, formatBytes, formatNumber, formatPercent } from './units';

export const bandwidth: EstimatorSpec = {
  name: 'bandwidth',
  title: 'Estimate Bandwidth',
  summary: 'ingress and egress from QPS × payload, average and peak',
  fields: [
    {
      key: 'qps',
      option: 'qps',
      label: 'Average QPS',
      help: 'Requests per second on average, reads and writes together.',
      kind: 'count',
      example: '11.6k',
      min: 0,
      units: ['qps', 'rps', 'req/s', '/s'],
    },
    {
      key: 'reads',
      option: 'reads',
      label: 'Read share',
      help: 'The share of requests that read (download); the rest write (upload).',
      kind: 'share',
      example: '90%',
      default: '90%',
      min: 0,
      max: 1,
    },
    {
      key: 'writeSize',
      option: 'write-size',
      label: 'Bytes per write',
      help: 'What one write sends in: the request body (an upload, a message).',
      kind: 'bytes',
      example: '2 KB',
      min: 0,
    },
    {
      key: 'readSize',
      option: 'read-size',
      label: 'Bytes per read',
      help: 'What one read sends back: the response body. Leave it out to use the write size.',
      kind: 'bytes',
      example: '20 KB',
      optional: true,
      min: 0,
    },
    {
      key: 'peak',
      option: 'peak',
      label: 'Peak factor',
      help: 'How many times the average the busiest second sees.',
      kind: 'number',
      example: '3',
      default: '2',
      min: 1,
      units: ['x', '×'],
    },
  ],
  forms: [
    {
      id: 'bandwidth',
      label: 'Bandwidth',
      detail: 'from QPS and payload sizes',
      fields: ['qps', 'reads', 'writeSize', 'readSize', 'peak'],
    },
  ],
  compute(values, inputs) {
    const qps = num(values, 'qps');
    const reads = num(values, 'reads') ?? 0.9;
    const writeSize = num(values, 'writeSize');
    const peak = num(values, 'peak') ?? 2;
    if (qps === undefined) return { ok: false, error: { field: 'qps', message: 'the average QPS is needed, e.g. 11.6k' } };
    if (writeSize === undefined) {
      return { ok: false, error: { field: 'writeSize', message: 'the bytes per write are needed, e.g. 2 KB' } };
    }
    const readSize = num(values, 'readSize') ?? writeSize;
    const writeQps = qps * (1 - reads);
    const readQps = qps * reads;
    const ingress = writeQps * writeSize;
    const egress = readQps * readSize;
    const rate = (bytes: number) => `${formatBytes(bytes)}/s (${formatBitRate(bytes)})`;
    const steps = [
      step('Write QPS', `${formatNumber(qps)} QPS × ${formatPercent(1 - reads)} writes`, `${formatNumber(writeQps)} QPS`, writeQps, 'writeQps'),
      step('Read QPS', `${formatNumber(qps)} QPS × ${formatPercent(reads)} reads`, `${formatNumber(readQps)} QPS`, readQps, 'readQps'),
      step('Ingress, average', `${formatNumber(writeQps)} writes/s × ${formatBytes(writeSize)}`, rate(ingress), ingress, 'ingress'),
      step('Egress, average', `${formatNumber(readQps)} reads/s × ${formatBytes(readSize)}`, rate(egress), egress, 'egress'),
      step('Ingress, peak', `${formatBytes(ingress)}/s × ${formatNumber(peak)} (peak factor)`, rate(ingress * peak), ingress * peak, 'peakIngress'),
      step('Egress, peak', `${formatBytes(egress)}/s × ${formatNumber(peak)} (peak factor)`, rate(egress * peak), egress * peak, 'peakEgress'),
      step('Ingress per day', `${formatBytes(ingress)}/s × 86,400 s`, formatBytes(ingress * DAY_S), ingress * DAY_S, 'ingressPerDay'),
      step('Egress per day', `${formatBytes(egress)}/s × 86,400 s`, formatBytes(egress * DAY_S), egress * DAY_S, 'egressPerDay'),
      step(
        'Egress per month',
        `${formatBytes(egress)}/s × ${formatNumber(MONTH_S)} s`,
        formatBytes(egress * MONTH_S),
        egress * MONTH_S,
        'egressPerMonth',
      ),
    ];
    return finish({
      estimator: 'bandwidth',
      title: 'Bandwidth estimate',
      summary: `Ingress ${rate(ingress)}, egress ${rate(egress)} on average; ${rate(egress * peak)} egress at peak.`,
      inputs,
      steps,
      notes: [
        'Ingress counts the bodies writes send in; egress the bodies reads send back. Headers, TLS and retries add some percent on top.',
        'Bits per second = bytes per second × 8; network links are sold in bits, storage in bytes.',
        'A month is a twelfth of a 365.2425-day year.',
      ],
    });
  },
};
