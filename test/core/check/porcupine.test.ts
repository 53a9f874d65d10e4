// The 102 Jepsen etcd histories and 6 kv histories Porcupine ships, with its verdicts
// (expected-verdicts.csv). Test input only: read from ../shared/data, never copied here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../../src/core/check/check';
import { parseHistory } from '../../../src/core/check/formats';
import { sharedData } from '../../support/sharedData';

const dir = sharedData('porcupine');

interface Expected {
  file: string;
  model: string;
  ops: number;
  linearizable: boolean;
}

function expectations(): Expected[] {
  if (!dir) return [];
  const [, ...rows] = readFileSync(join(dir, 'expected-verdicts.csv'), 'utf8').trim().split(/\r?\n/);
  return rows
    .map((row) => row.split(','))
    .filter((cols) => cols[5] === 'true' || cols[5] === 'false') // etcd_095.log is empty: "n/a"
    .map(([file, model, ops, , , lin]) => ({ file: file!, model: model!, ops: Number(ops), linearizable: lin === 'true' }));
}

describe.skipIf(!dir)("Porcupine's test histories", () => {
  const all = expectations();

  it('has the 102 etcd and 6 kv histories', () => {
    expect(all.filter((e) => e.file.startsWith('jepsen/'))).toHaveLength(102);
    expect(all.filter((e) => e.file.startsWith('kv/'))).toHaveLength(6);
  });

  it.each(all.map((e) => [e.file, e] as const))('%s gives Porcupine\'s verdict', (_, e) => {
    const parsed = parseHistory(readFileSync(join(dir!, e.file), 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    // Porcupine counts completed and indeterminate operations; so do we.
    expect(parsed.history.ops).toHaveLength(e.ops);
    const result = checkHistory(parsed.history);
    expect(result.model).toBe(e.model === 'etcd-register' ? 'cas-register' : 'kv');
    expect(result.verdict).toBe(e.linearizable ? 'linearizable' : 'not-linearizable');
    if (!e.linearizable) {
      const a = result.anomalies.find((x) => x.kind === 'not-linearizable');
      expect(a).toBeDefined();
      // The witness alone is still not linearizable.
      expect(checkHistory({ initial: parsed.history.initial, ops: a!.witness.ops }, { model: result.model }).verdict).toBe('not-linearizable');
    }
  });

  it('etcd_095.log, where etcd never started, is an empty file and an input error', () => {
    const parsed = parseHistory(readFileSync(join(dir!, 'jepsen/etcd_095.log'), 'utf8'));
    expect(parsed.ok).toBe(false);
  });
});
