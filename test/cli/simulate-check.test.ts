// `sdlab simulate --history` then `sdlab check` on the file, as a user would run them (issue 5):
// what the checker prints and its exit code (docs/cli.md, docs/cli-check.md) for histories of
// synchronous, quorum and asynchronous replication.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { History } from '../../src/core/sim/history';
import { repoRoot } from '../support/sharedData';
import { sdlab as runSdlab } from '../support/cli';

const tmp = mkdtempSync(join(tmpdir(), 'sdlab-simcheck-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const sdlab = (...argv: string[]) => runSdlab(argv, { cwd: repoRoot });

/** Simulates with a scenario file and a history file; returns the run's --json document. */
async function simulate(name: string, design: string, scenario: object) {
  const scenarioPath = join(tmp, `${name}.scenario.json`);
  const historyPath = join(tmp, `${name}.history.json`);
  writeFileSync(scenarioPath, JSON.stringify(scenario));
  const r = await sdlab('simulate', design, '--scenario', scenarioPath, '--history', historyPath, '--json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const doc = JSON.parse(r.stdout) as { metrics: { lostWrites: number; lostWriteIds: number[]; staleReads: number } };
  return { metrics: doc.metrics, historyPath };
}

const fastElections = { heartbeatMs: 100, timeoutMinMs: 300, timeoutMaxMs: 600 };

describe('sdlab simulate --history, then sdlab check', () => {
  it('synchronous replication across a primary crash: linearizable, no anomalies, exit 0', async () => {
    const { metrics, historyPath } = await simulate('sync', 'test/fixtures/checksim/sync-zones.mmd', {
      seed: 4,
      durationS: 8,
      workload: { rps: 200, keys: 10, readRatio: 0.6 },
      election: fastElections,
      faults: [{ atS: 3, kind: 'crash', target: 'primary' }],
    });
    expect(metrics.lostWrites).toBe(0);
    const { code, stdout } = await sdlab('check', historyPath);
    expect(stdout).toMatch(/sync\.history\.json: linearizable/);
    expect(stdout).toContain('No anomalies.');
    expect(code).toBe(0);
  });

  it('leaderless quorums with W + R > N and synchronous read repair: linearizable, exit 0', async () => {
    const { historyPath } = await simulate('quorum', 'test/fixtures/checksim/quorum-zones.mmd', {
      seed: 3,
      durationS: 8,
      workload: { rps: 200, keys: 10, readRatio: 0.6 },
      replication: { mode: 'quorum', n: 3, r: 1, w: 3, lagMs: 30, readRepair: 'sync' },
      reads: 'quorum',
      faults: [{ atS: 2, kind: 'crash', target: 'n2', forS: 2 }],
    });
    const { code, stdout } = await sdlab('check', historyPath);
    expect(stdout).toMatch(/quorum\.history\.json: linearizable/);
    expect(code).toBe(0);
  });

  it('async replication, primary crash: the checker names a write the simulator lost, exit 1', async () => {
    const { metrics, historyPath } = await simulate('async', 'test/fixtures/checksim/async-zones.mmd', {
      seed: 161175,
      durationS: 10,
      workload: { rps: 294, keys: 5, readRatio: 0.3 },
      replication: { lagMs: { mean: 91, dist: 'uniform' } },
      reads: 'primary',
      election: { heartbeatMs: 198, timeoutMinMs: 594, timeoutMaxMs: 1188 },
      faults: [{ atS: 1, kind: 'crash', target: 'primary' }],
    });
    expect(metrics.lostWrites).toBeGreaterThan(0);
    const json = await sdlab('check', historyPath, '--json');
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout) as {
      verdict: string;
      anomalies: { kind: string; key: string; ops: number[]; message: string; witness: { ops: { id: number; op: string; key: string; value: unknown; outcome: string }[] } }[];
    };
    expect(doc.verdict).toBe('not-linearizable');
    const lost = doc.anomalies.filter((a) => a.kind === 'lost-write');
    expect(lost.length).toBeGreaterThan(0);
    const ops = (JSON.parse(readFileSync(historyPath, 'utf8')) as History).ops;
    for (const a of lost) {
      // The witness holds the write itself: acknowledged, to the anomaly's key, one the
      // simulator counted among its lost writes; the message names its key and value.
      const write = a.witness.ops.find((o) => o.id === a.ops[0])!;
      expect(write).toMatchObject({ op: 'write', outcome: 'ok', key: a.key });
      expect(ops.find((o) => o.id === write.id)?.value).toBe(write.value);
      expect(metrics.lostWriteIds).toContain(write.id);
      expect(a.message).toContain(`acknowledged write "${a.key}" = ${String(write.value)}`);
    }
    const text = await sdlab('check', historyPath);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/async\.history\.json: NOT linearizable/);
    expect(text.stdout).toMatch(/\] lost-write · key "k\d"/);
    expect(text.stdout).toContain('```mermaid');
  });

  it('async replica reads: stale reads, the same count from both commands, exit 1', async () => {
    const { metrics, historyPath } = await simulate('replica', 'test/fixtures/checksim/async-zones.mmd', {
      seed: 8,
      durationS: 8,
      workload: { rps: 250, keys: 8, readRatio: 0.7 },
      replication: { lagMs: 40 },
      reads: 'replica',
    });
    expect(metrics.staleReads).toBeGreaterThan(0);
    const { code, stdout } = await sdlab('check', historyPath, '--json');
    expect(code).toBe(1);
    const doc = JSON.parse(stdout) as { stats: { staleReads: number; anomalyCounts: Record<string, number> } };
    expect(doc.stats.staleReads).toBe(metrics.staleReads);
    expect(doc.stats.anomalyCounts['stale-read']).toBe(metrics.staleReads);
  });

  it('a history file that is not there is one line on stderr and exit 2', async () => {
    const { code, stdout, stderr } = await sdlab('check', join(tmp, 'never-written.json'));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
