import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../core/check/support';
import { sdlab as runSdlab } from '../support/cli';

const sdlab = (...argv: string[]) => runSdlab(argv, { cwd: process.cwd() });

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sdlab-check-')), name);
  writeFileSync(path, text);
  return path;
}

describe('sdlab check', () => {
  it('exits 0 on a linearizable history without anomalies', async () => {
    const { code, stdout, stderr } = await sdlab('check', fixturePath('clean.json'));
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/clean\.json: linearizable/);
    expect(stdout).toMatch(/No anomalies\./);
  });

  it('exits 1 and prints the witness as a table and a Mermaid diagram', async () => {
    const { code, stdout } = await sdlab('check', fixturePath('read-inversion.json'));
    expect(code).toBe(1);
    expect(stdout).toMatch(/read-inversion\.json: NOT linearizable/);
    expect(stdout).toMatch(/\[1\] not-linearizable · key "x"/);
    expect(stdout).toMatch(/#\s+session\s+node\s+operation\s+result\s+invoked \(ms\)\s+completed \(ms\)/);
    expect(stdout).toMatch(/4\s+c3\s+replica-b\s+read x\s+→ 1\s+40\s+45/);
    expect(stdout).toContain('```mermaid\n    sequenceDiagram\n');
    expect(stdout).toMatch(/1 anomaly: 1 not-linearizable/);
  });

  it('exits 1 on anomalies even when every key is linearizable', async () => {
    // A stale read concurrent with the write it missed: linearizable, but the ground truth says stale.
    const path = tempFile(
      'stale.json',
      JSON.stringify({
        ops: [
          { id: 1, session: 'a', key: 'x', op: 'write', value: 1, invokeMs: 0, completeMs: 10, outcome: 'ok' },
          { id: 2, session: 'b', key: 'x', op: 'read', value: null, invokeMs: 5, completeMs: 8, outcome: 'ok', truth: { committedVersion: 1, returnedVersion: 0 } },
        ],
      }),
    );
    const { code, stdout } = await sdlab('check', path, '--json');
    expect(code).toBe(1);
    const doc = JSON.parse(stdout);
    expect(doc.verdict).toBe('linearizable');
    expect(doc.anomalies.map((a: { kind: string }) => a.kind)).toEqual(['stale-read']);
  });

  it('prints one JSON document with --json', async () => {
    const { code, stdout } = await sdlab('check', fixturePath('lost-write-failover.json'), '--json');
    expect(code).toBe(1);
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({ verdict: 'not-linearizable', model: 'register', format: 'json', timeUnit: 'ms' });
    expect(doc.keys).toEqual([{ key: 'x', verdict: 'not-linearizable', ops: 7, steps: expect.any(Number) }]);
    const lost = doc.anomalies.find((a: { kind: string }) => a.kind === 'lost-write');
    expect(lost.ops).toEqual([2, 5]);
    expect(lost.witness.mermaid).toMatch(/^sequenceDiagram\n/);
    expect(doc.stats.anomalyCounts['lost-write']).toBe(1);
  });

  it('detects Jepsen and EDN logs, and says times are line numbers', async () => {
    const jepsen = tempFile('h.log', ['0 :invoke :write 1', '0 :ok :write 1', '1 :invoke :read nil', '1 :ok :read 2', ''].join('\n'));
    const j = await sdlab('check', jepsen);
    expect(j.code).toBe(1);
    expect(j.stdout).toMatch(/model register/);
    expect(j.stdout).toMatch(/invoked \(line\)/);
    const edn = tempFile('h.edn', ['{:process 0, :type :invoke, :f :append, :key "a", :value "x"}', '{:process 0, :type :ok, :f :append, :key "a", :value "x"}', ''].join('\n'));
    const e = await sdlab('check', edn, '--json');
    expect(e.code).toBe(0);
    expect(JSON.parse(e.stdout)).toMatchObject({ verdict: 'linearizable', model: 'kv', format: 'edn', timeUnit: 'line' });
  });

  it('exits 1 with a message on stderr when no verdict is reached in time', async () => {
    // 16 concurrent unknown writes of a few values and an impossible read: exponential to refute.
    const ops = Array.from({ length: 16 }, (_, i) => ({ id: i, session: `s${i}`, key: 'x', op: 'write', value: i % 3, invokeMs: 0, completeMs: 1, outcome: 'unknown' }));
    ops.push({ id: 99, session: 'z', key: 'x', op: 'read', value: 7, invokeMs: 5, completeMs: 6, outcome: 'ok' });
    const path = tempFile('slow.json', JSON.stringify({ ops }));
    const { code, stdout, stderr } = await sdlab('check', path, '--time-limit', '0', '--json');
    expect(code).toBe(1);
    expect(JSON.parse(stdout).verdict).toBe('unknown');
    expect(stderr).toMatch(/no verdict: time limit of 0 s reached \(raise it with --time-limit\)/);
  });

  it.each([
    [['check'], /expected one history file, got 0/],
    [['check', 'a.json', 'b.json'], /expected one history file, got 2/],
    [['check', 'x.json', '--model', 'queue'], /--model must be one of register, cas-register, kv, got 'queue'/],
    [['check', 'x.json', '--format', 'xml'], /--format must be one of json, jepsen, edn, got 'xml'/],
    [['check', 'x.json', '--time-limit', 'soon'], /--time-limit must be a number >= 0, got 'soon'/],
    [['check', 'x.json', '--frobnicate'], /sdlab check: .*frobnicate/],
    [['check', '/no/such/file.json'], /cannot read \/no\/such\/file\.json: no such file/],
  ])('exits 2 on bad usage: %j', async (argv, message) => {
    const { code, stdout, stderr } = await sdlab(...argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 with the line of a malformed history', async () => {
    const path = tempFile('bad.json', '{\n  "ops": [\n    {"id": 1, "session": "a", "key": "x", "op": "write", "value": 1, "invokeMs": 0, "completeMs": 5, "outcome": "done"}\n  ]\n}\n');
    const { code, stderr } = await sdlab('check', path);
    expect(code).toBe(2);
    expect(stderr).toMatch(/bad\.json: line 3: ops\[0\]\.outcome: must be one of ok, fail, unknown, got "done"/);
  });

  it('exits 2 when the named model cannot express the history', async () => {
    const { code, stderr } = await sdlab('check', fixturePath('clean.json'), '--model', 'register');
    expect(code).toBe(2);
    expect(stderr).toMatch(/the register model has no cas .*use --model cas-register/);
  });

  it('exits 2 on an empty file', async () => {
    const { code, stderr } = await sdlab('check', tempFile('empty.log', ''));
    expect(code).toBe(2);
    expect(stderr).toMatch(/empty\.log: the file is empty/);
  });

  it('has help', async () => {
    const { code, stdout } = await sdlab('check', '--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: sdlab check <history>/);
    expect(stdout).toMatch(/Exit codes: 0 linearizable and no anomalies; 1/);
  });
});
