import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/sharedData';
import { sdlab as runSdlab } from '../support/cli';

const fixtures = join(repoRoot, 'test/fixtures/designs');

const run = (...argv: string[]) => runSdlab(argv, { cwd: fixtures });

/** The text of a range in a fixture, to check ranges point where a user would look. */
function at(file: string, r: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const lines = readFileSync(join(fixtures, file), 'utf8').split('\n');
  expect(r.start.line).toBe(r.end.line);
  return lines[r.start.line]!.slice(r.start.character, r.end.character);
}

describe('sdlab inspect --json on a .mmd file', () => {
  it("prints DESIGN.md §4's shape, with region on components, and exits 0", async () => {
    const { code, stdout, stderr } = await run('inspect', 'two-region.mmd', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(Object.keys(doc)).toEqual(['components', 'links', 'groups', 'requirements', 'findings']);
    const byId = new Map<string, Record<string, unknown>>(doc.components.map((c: { id: string }) => [c.id, c]));
    expect(byId.get('lb_east')).toMatchObject({ label: 'Load balancer x2', kind: 'load-balancer', instances: 2, group: 'east', region: 'east' });
    expect(Object.keys(byId.get('lb_east')!)).toEqual(['id', 'label', 'kind', 'instances', 'group', 'region', 'range']);
    expect(byId.get('app_east')).toMatchObject({ kind: 'service', instances: 4 });
    expect(byId.get('users')).toEqual(expect.objectContaining({ kind: 'client', instances: 1 }));
    expect(byId.get('users')).not.toHaveProperty('group');
    expect(byId.get('cache_east')).toMatchObject({ kind: 'cache' });
    expect(byId.get('db_east')).toMatchObject({ kind: 'database', role: 'primary' });
    expect(byId.get('db_east_replica')).toMatchObject({ role: 'replica' });
    expect(byId.get('db_west')).toMatchObject({ role: 'replica', region: 'west' });
    expect(at('two-region.mmd', byId.get('lb_east')!.range as never)).toBe('lb_east');

    expect(doc.links).toContainEqual({ from: 'db_east', to: 'db_east_replica', kind: 'replication', mode: 'semi-sync' });
    expect(doc.links).toContainEqual({ from: 'db_east', to: 'db_west', kind: 'replication', mode: 'async' });
    expect(doc.links).toContainEqual({ from: 'app_west', to: 'db_east', kind: 'call' });
    expect(doc.links).toContainEqual({ from: 'cdn', to: 'lb_west', kind: 'call' });
    expect(doc.groups).toEqual([
      { id: 'east', label: 'Region us-east-1', kind: 'region' },
      { id: 'west', label: 'Region us-west-2', kind: 'region' },
    ]);
    expect(doc.requirements).toEqual({ availability: 0.9999, dau: 20_000_000, requests: 30, peak: 3, reads: 0.8, consistency: 'eventual' });
    expect(doc.findings).toEqual([]);
  });

  it('a syntax error exits 1 and is listed as an error finding', async () => {
    const { code, stdout } = await run('inspect', 'broken.mmd', '--json');
    expect(code).toBe(1);
    const doc = JSON.parse(stdout);
    expect(doc.findings.some((f: { rule: string; severity: string }) => f.rule === 'syntax' && f.severity === 'error')).toBe(true);
  });

  it('another diagram type: no design, one info finding, exit 0', async () => {
    const { code, stdout } = await run('inspect', 'sequence.mmd', '--json');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({ components: [], links: [], groups: [], requirements: {} });
    expect(doc.findings).toHaveLength(1);
    expect(doc.findings[0]).toMatchObject({ severity: 'hint', range: { start: { line: 0, character: 0 } } });
    expect(doc.findings[0].message).toMatch(/only flowchart and architecture-beta diagrams are analysed/);
  });
});

describe('sdlab inspect --json on Markdown', () => {
  it('one entry per design fence, ranges in the Markdown file', async () => {
    const { code, stdout } = await run('inspect', 'notes.md', '--json');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(Object.keys(doc)).toEqual(['designs', 'findings']);
    expect(doc.designs).toHaveLength(2);
    const [list, quoted] = doc.designs;
    expect(list.range.start).toEqual({ line: 19, character: 2 });
    expect(list.components.map((c: { id: string }) => c.id)).toEqual(['lb', 'api', 'db']);
    const api = list.components.find((c: { id: string }) => c.id === 'api');
    expect(api).toMatchObject({ kind: 'service', instances: 2 });
    expect(api.range.start.line).toBe(21);
    expect(at('notes.md', api.range)).toBe('api');
    expect(list.requirements).toEqual({ availability: 0.999 });
    expect(list.findings).toHaveLength(1);
    expect(list.findings[0]).toMatchObject({ rule: 'annotation', severity: 'warning', component: 'api' });
    expect(at('notes.md', list.findings[0].range)).toBe('three');
    expect(quoted.components.map((c: { id: string; kind: string }) => [c.id, c.kind])).toEqual([
      ['web', 'client'],
      ['srv', 'service'],
    ]);
    expect(quoted.links).toEqual([{ from: 'web', to: 'srv', kind: 'call' }]);
    expect(at('notes.md', quoted.components[1].range)).toBe('srv');
  });
});

describe('sdlab inspect text output', () => {
  it('a table per component with kind, instances, role, region and why; links; groups; requirements', async () => {
    const { code, stdout } = await run('inspect', 'two-region.mmd');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^two-region\.mmd: flowchart TB/);
    expect(stdout).toMatch(/id\s+label\s+kind\s+inst\s+role\s+region\s+why/);
    expect(stdout).toMatch(/lb_east\s+Load balancer x2\s+load-balancer\s+2\s+-\s+east\s+keyword 'Load balancer' in the label/);
    expect(stdout).toMatch(/db_east\s+Orders DB primary\s+database\s+1\s+primary\s+east\s+drawn as a cylinder/);
    expect(stdout).toMatch(/db_east\s+->\s+db_east_replica\s+replication \(semi-sync\)/);
    expect(stdout).toMatch(/east\s+Region us-east-1\s+region/);
    expect(stdout).toContain('availability 99.99%, dau 20M, requests 30/user/day, peak ×3, reads 80%, consistency eventual');
  });

  it('findings as line:col severity message rule', async () => {
    const { stdout } = await run('inspect', 'notes.md');
    expect(stdout).toContain('== design 1 (lines 20-24) ==');
    expect(stdout).toContain("  24:22  warning  replicas must be a whole number ≥ 1, got 'three'  annotation");
  });
});

describe('sdlab inspect usage', () => {
  it.each([
    [[], /^sdlab inspect: expected a design file/],
    [['a.mmd', 'b.mmd'], /^sdlab inspect: expected one design file, got 2/],
    [['two-region.mmd', '--yaml'], /^sdlab inspect: Unknown option '--yaml'/],
    [['missing.mmd'], /^sdlab inspect: cannot read 'missing\.mmd': no such file/],
    [['.'], /^sdlab inspect: cannot read '\.': it is a directory/],
  ])('%j -> exit 2 and one line on stderr', async (args, message) => {
    const { code, stdout, stderr } = await run('inspect', ...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('--help prints usage and exits 0', async () => {
    const { code, stdout } = await run('inspect', '--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: sdlab inspect <file> \[--json\]/);
  });

  it('is listed by sdlab --help', async () => {
    const { stdout } = await run('--help');
    expect(stdout).toMatch(/inspect\s+show the components/);
  });
});
