import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/core/lint/index';
import { repoRoot } from '../support/sharedData';
import { sdlab as runSdlab } from '../support/cli';

const run = (...argv: string[]) => runSdlab(['lint', ...argv], { cwd: repoRoot });

const FAILING = 'test/fixtures/lint/availability/target/fail.mmd';
const WARNINGS_ONLY = 'test/fixtures/lint/redundancy/dns/fail.mmd';
const MARKDOWN = 'test/fixtures/lint/markdown/nested.md';
const CLEAN = 'examples/two-region.mmd';

describe('sdlab lint: golden output', () => {
  it('text, like ESLint stylish, with the availability of each file', async () => {
    const { code, stdout, stderr } = await run(FAILING, MARKDOWN, CLEAN);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    await expect(stdout).toMatchFileSnapshot('golden/lint.text.txt');
  });

  it('json: one entry per file', async () => {
    const { code, stdout } = await run(FAILING, MARKDOWN, CLEAN, '--format', 'json');
    expect(code).toBe(1);
    const entries = JSON.parse(stdout);
    expect(entries.map((e: { filePath: string }) => e.filePath)).toEqual([FAILING, MARKDOWN, CLEAN]);
    for (const e of entries) {
      expect(Object.keys(e).slice(0, 4)).toEqual(['filePath', 'findings', 'errorCount', 'warningCount']);
      expect(e.errorCount).toBe(e.findings.filter((f: { severity: string }) => f.severity === 'error').length);
    }
    expect(entries[0].availability).toMatchObject({ percent: '99.4998%', target: 0.9999, meetsTarget: false, costliest: 'db' });
    expect(entries[2]).toMatchObject({ findings: [], errorCount: 0, warningCount: 0, availability: { meetsTarget: true } });
    await expect(stdout).toMatchFileSnapshot('golden/lint.json');
  });

  it('sarif: SARIF 2.1.0 as GitHub code scanning reads it', async () => {
    const { code, stdout } = await run(FAILING, MARKDOWN, CLEAN, '--format', 'sarif');
    expect(code).toBe(1);
    const sarif = JSON.parse(stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(sarif.runs).toHaveLength(1);
    const run0 = sarif.runs[0];
    const driver = run0.tool.driver;
    expect(driver.name).toBe('sdlab');
    expect(driver.informationUri).toBe('https://github.com/system-design-lab/system-design-lab');
    expect(driver.rules.map((r: { id: string }) => r.id)).toEqual(RULES.map((r) => r.id));
    for (const r of driver.rules) {
      expect(typeof r.shortDescription.text).toBe('string');
      expect(typeof r.fullDescription.text).toBe('string');
      expect(r.helpUri).toMatch(/^https:\/\/github\.com\/system-design-lab\/system-design-lab\/blob\/main\/docs\/rules\/.+\.md$/);
      expect(r.help.text.length).toBeGreaterThan(40);
      expect(['error', 'warning', 'note']).toContain(r.defaultConfiguration.level);
    }
    expect(run0.results.length).toBeGreaterThan(10);
    for (const res of run0.results) {
      expect(driver.rules[res.ruleIndex].id).toBe(res.ruleId);
      expect(['error', 'warning', 'note']).toContain(res.level);
      expect(typeof res.message.text).toBe('string');
      const loc = res.locations[0].physicalLocation;
      expect([FAILING, MARKDOWN]).toContain(loc.artifactLocation.uri);
      expect(loc.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
      expect(loc.region.startColumn).toBeGreaterThanOrEqual(1);
      expect(loc.region.endLine).toBeGreaterThanOrEqual(loc.region.startLine);
      for (const rel of res.relatedLocations ?? []) expect(rel.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
    }
    // 1-based: the target finding is on line 2, column 14 (`availability=99.99`) of the fixture.
    const target = run0.results.find((r: { ruleId: string }) => r.ruleId === 'availability/target');
    expect(target.locations[0].physicalLocation.region).toEqual({ startLine: 2, startColumn: 14, endLine: 2, endColumn: 32 });
    await expect(stdout.replace(/"(semanticVersion|version)": "\d[^"]*"/g, '"$1": "<version>"')).toMatchFileSnapshot('golden/lint.sarif');
  });
});

describe('sdlab lint: exit codes', () => {
  it('0 when there are no errors (warnings allowed)', async () => {
    expect((await run(CLEAN)).code).toBe(0);
    const { code, stdout } = await run(WARNINGS_ONLY);
    expect(code).toBe(0);
    expect(stdout).toMatch(/✖ \d+ problems \(0 errors, \d+ warnings\)/);
  });

  it('1 when a file has an error', async () => {
    expect((await run(CLEAN, FAILING)).code).toBe(1);
  });

  it('1 when there are more warnings than --max-warnings, with one line on stderr', async () => {
    const { code, stderr } = await run(WARNINGS_ONLY, '--max-warnings', '0');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^sdlab lint: too many warnings \(\d+\); at most 0 allowed\n$/);
    expect((await run(WARNINGS_ONLY, '--max-warnings', '100')).code).toBe(0);
  });

  it('2 for bad usage or unreadable input, one line on stderr', async () => {
    const cases: [string[], RegExp][] = [
      [[], /name at least one file/],
      [[CLEAN, '--format', 'xml'], /--format must be one of text, json, sarif/],
      [[CLEAN, '--max-warnings', 'two'], /--max-warnings must be an integer >= 0, got 'two'/],
      [[CLEAN, '--fix'], /Unknown option '--fix'/],
      [['no/such/file.mmd'], /no such file or folder: no\/such\/file\.mmd/],
      [['examples/*.nothing'], /no files match 'examples\/\*\.nothing'/],
    ];
    for (const [argv, message] of cases) {
      const { code, stdout, stderr } = await run(...argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(stdout).toBe('');
    }
  });
});

describe('sdlab lint: files, folders and globs', () => {
  it('expands a glob (sorted) and a folder (its .mmd, .mermaid and Markdown files), each file once', async () => {
    const glob = JSON.parse((await run('examples/*.mmd', '--format', 'json')).stdout);
    expect(glob.map((e: { filePath: string }) => e.filePath)).toEqual([
      'examples/bank-transfers.mmd',
      'examples/social-feed.mmd',
      'examples/two-region.mmd',
      'examples/url-shortener.mmd',
    ]);
    const folder = JSON.parse((await run('examples', 'examples/chat.md', '--format', 'json')).stdout);
    expect(folder.map((e: { filePath: string }) => e.filePath)).toEqual([
      'examples/bank-transfers.mmd',
      'examples/chat.md',
      'examples/social-feed.mmd',
      'examples/two-region.mmd',
      'examples/url-shortener.mmd',
    ]);
  });

  it('says so when nothing is wrong', async () => {
    expect((await run(CLEAN)).stdout).toBe('examples/two-region.mmd\n  availability 99.9998% (5.9 nines, 35.8 s down a year) · meets the 99.99% target\n\n✔ no problems in 1 file\n');
  });
});
