import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import type { History } from '../../src/core/sim/history';
import { repoRoot } from '../support/sharedData';
import { sdlab as runSdlab } from '../support/cli';

const tmp = mkdtempSync(join(tmpdir(), 'sdlab-simulate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = (...argv: string[]) => runSdlab(['simulate', ...argv], { cwd: repoRoot });

describe('sdlab simulate', () => {
  it('prints what users lost in a readable summary', async () => {
    const { code, stdout, stderr } = await run('test/fixtures/sim/primary-replicas.mmd', '--scenario', 'primary-crash', '--duration', '15', '--seed', '7');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('test/fixtures/sim/primary-replicas.mmd: primary-crash, seed 7, 15 s');
    expect(stdout).toMatch(/requests +\d[\d,]*: [\d,]+ ok \([\d.]+%\), [\d,]+ failed/);
    expect(stdout).toMatch(/stale reads +\d/);
    expect(stdout).toMatch(/lost acknowledged writes +\d/);
    expect(stdout).toMatch(/leader changes 1, longest failover [\d.]+ s/);
    expect(stdout).toMatch(/5\.000 s +fault +crash db for 5 s/);
    expect(stdout).toMatch(/election +r[12] elected leader of db \(term 2\)/);
  });

  it('the stale-read share in the summary is the run\'s staleReadRate (of successful reads)', async () => {
    const args = ['examples/social-feed.mmd', '--scenario', 'replica-lag-spike', '--duration', '10', '--seed', '2'];
    const text = await run(...args);
    const json = JSON.parse((await run(...args, '--json')).stdout);
    expect(json.metrics.staleReads).toBeGreaterThan(0);
    const m = /stale reads +([\d,]+) \(([\d.]+)% of successful reads\)/.exec(text.stdout);
    expect(m, text.stdout).not.toBeNull();
    expect(Number(m![1]!.replace(/,/g, ''))).toBe(json.metrics.staleReads);
    expect(Number(m![2])).toBeCloseTo(json.metrics.staleReadRate * 100, 1);
  });

  it('--json prints { seed, metrics, series, events } and is the same for the same seed', async () => {
    const a = await run('examples/two-region.mmd', '--scenario', 'region-partition', '--duration', '3', '--seed', '3', '--json');
    expect(a.code).toBe(0);
    const out = JSON.parse(a.stdout);
    expect(Object.keys(out)).toEqual(['seed', 'metrics', 'series', 'events']);
    expect(out.seed).toBe(3);
    for (const k of ['requests', 'ok', 'failed', 'availability', 'readLatencyMs', 'writeLatencyMs', 'staleReads', 'staleReadRate', 'maxStalenessMs', 'rywViolations', 'lostWrites', 'conflicts', 'leaderChanges', 'maxConcurrentLeaders', 'failoverMs', 'maxReplicationLagMs']) {
      expect(out.metrics).toHaveProperty(k);
    }
    expect(out.series.t).toEqual([0, 1, 2]);
    expect(out.events[0]).toMatchObject({ atMs: 1000, kind: 'fault', message: 'partition east | west for 1 s' });
    const b = await run('examples/two-region.mmd', '--scenario', 'region-partition', '--duration', '3', '--seed', '3', '--json');
    expect(b.stdout).toBe(a.stdout);
  });

  it('takes a scenario file: a partial scenario merged over the defaults, which may name a preset', async () => {
    const file = join(tmp, 'ap.json');
    writeFileSync(file, JSON.stringify({ preset: 'region-partition', partitionMode: 'AP', reads: 'primary', durationS: 15, workload: { rps: 300, keys: 30 } }));
    const { code, stdout } = await run('test/fixtures/sim/two-regions.mmd', '--scenario', file, '--json');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.metrics.maxConcurrentLeaders).toBe(2);
    expect(out.series.t).toHaveLength(15);
  });

  it('--history streams every operation to a file the checker reads', async () => {
    const path = join(tmp, 'history.json');
    const { code, stdout } = await run('test/fixtures/sim/primary-replicas.mmd', '--duration', '3', '--history', path);
    expect(code).toBe(0);
    const history = JSON.parse(readFileSync(path, 'utf8')) as History & { seed: number };
    expect(history.initial).toBeNull();
    expect(history.ops.length).toBeGreaterThan(400);
    expect(stdout).toContain(`History: ${history.ops.length} operations written to`);
    expect(history.ops[0]).toMatchObject({ id: expect.any(Number), session: expect.stringMatching(/^c\d+$/), key: expect.stringMatching(/^k\d+$/), op: expect.stringMatching(/^(read|write)$/) });
    expect(history.ops.some((o) => o.op === 'read' && o.truth !== undefined)).toBe(true);
  });

  it('reads a design fence from Markdown, --design picks which', async () => {
    const first = await run('examples/chat.md', '--duration', '2', '--json');
    expect(first.code).toBe(0);
    const second = await run('examples/chat.md', '--duration', '2', '--design', '2', '--json');
    expect(second.code).toBe(0);
    expect(second.stdout).not.toBe(first.stdout);
    const third = await run('examples/chat.md', '--design', '3');
    expect(third).toMatchObject({ code: 2, stderr: "sdlab simulate: --design 3: 'examples/chat.md' has 2 designs\n" });
  });

  it.each([
    [['test/fixtures/sim/two-regions.mmd', '--scenario', 'primary-crsh'], "sdlab simulate: --scenario: unknown preset 'primary-crsh' (did you mean 'primary-crash'?); presets: steady, primary-crash, region-partition, replica-lag-spike, overload (or a .json file)\n"],
    [['test/fixtures/sim/two-regions.mmd', '--seed=-1'], "sdlab simulate: --seed must be an integer >= 0, got '-1'\n"],
    [['test/fixtures/sim/two-regions.mmd', '--seed', '1.5'], "sdlab simulate: --seed must be an integer >= 0, got '1.5'\n"],
    [['test/fixtures/sim/two-regions.mmd', '--duration', '0'], "sdlab simulate: --duration must be greater than 0, got '0'\n"],
    [['test/fixtures/sim/missing.mmd'], "sdlab simulate: cannot read design 'test/fixtures/sim/missing.mmd': no such file\n"],
    [[], 'sdlab simulate: expected a design file, e.g. sdlab simulate design.mmd --scenario primary-crash\n'],
    [['test/fixtures/sim/two-regions.mmd', '--bogus'], "sdlab simulate: Unknown option '--bogus'"],
  ])('bad usage: %j', async (argv, message) => {
    const { code, stdout, stderr } = await run(...argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.startsWith(message)).toBe(true);
    expect(stderr.split('\n')).toHaveLength(2);
  });

  it.each([
    [{ workload: { rps: -5 } }, 'workload.rps: must not be negative, got -5'],
    [{ faults: [{ atS: 1, kind: 'crash', target: 'dbb' }] }, "faults[0].target: unknown node 'dbb' (did you mean 'db'?)"],
    [{ faults: [{ atS: 1, kind: 'partition', groups: [['east'], ['mars']] }] }, "faults[0].groups[1][0]: unknown group 'mars'"],
    [{ replication: { mode: 'eventually' } }, 'replication.mode: unknown value'],
  ])('a scenario error is one line on stderr naming the field, exit 2: %j', async (scenario, message) => {
    const file = join(tmp, 'bad.json');
    writeFileSync(file, JSON.stringify(scenario));
    const { code, stdout, stderr } = await run('test/fixtures/sim/two-regions.mmd', '--scenario', file);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toHaveLength(2);
    expect(stderr).toContain(`sdlab simulate: ${file}: ${message}`);
  });

  it('malformed JSON is an input error', async () => {
    const file = join(tmp, 'broken.json');
    writeFileSync(file, '{ "reads": ');
    const { code, stderr } = await run('test/fixtures/sim/two-regions.mmd', '--scenario', file);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^sdlab simulate: .*broken\.json: not valid JSON: /);
  });

  it('is listed in sdlab --help and has its own help', async () => {
    let out = '';
    const io = { stdout: (t: string) => void (out += t), stderr: () => {}, readFile: () => '', writeFile: () => {}, cwd: repoRoot, isTTY: false };
    await runCli(['--help'], io);
    expect(out).toMatch(/simulate +simulate failures on a design/);
    out = '';
    expect(await runCli(['simulate', '--help'], io)).toBe(0);
    expect(out).toContain('Usage: sdlab simulate <design>');
    expect(out).toContain('primary-crash');
  });
});
