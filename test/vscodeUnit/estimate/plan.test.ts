// The estimate commands' logic that needs no editor: what each input box asks and accepts,
// what is remembered, where results go, and what is inserted at the cursor.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ESTIMATORS, ESTIMATOR_NAMES, estimatesFromRequirements, runEstimator, type Estimate } from '../../../src/core/estimate/index';
import { parseDesignDocument } from '../../../src/core/design/index';
import {
  commandId,
  designAt,
  insertionText,
  placeInsertion,
  promptsFor,
  remember,
  rememberedInputs,
  requirementsText,
  resultDocument,
  resultPath,
  validatePrompt,
} from '../../../src/vscode/estimate/plan';
import { repoRoot } from '../../support/sharedData';

const qpsSpec = ESTIMATORS.get('qps')!;

function estimate(): Estimate {
  const r = runEstimator('qps', new Map([['dau', '100M'], ['requests', '10']]));
  if (!r.ok) throw new Error(r.error.message);
  return r.estimate;
}

describe('input boxes', () => {
  it('ask each field of the form in order, prefilled with the last value or the default', () => {
    const prompts = promptsFor(qpsSpec, qpsSpec.forms[0]!, new Map([['dau', '50M']]));
    expect(prompts.map((p) => [p.field.key, p.value, p.required])).toEqual([
      ['dau', '50M', true],
      ['requests', '', true],
      ['peak', '2', false],
      ['reads', '90%', false],
    ]);
    expect(prompts[0]).toMatchObject({ title: 'Estimate QPS', placeholder: 'e.g. 100M' });
    expect(prompts[0]!.prompt).toMatch(/^Daily active users: /);
    expect(prompts[2]!.prompt).toMatch(/Blank for the default, 2\.$/);
  });

  it('accept what people type and explain what is wrong', () => {
    const [dau, requests, peak, reads] = promptsFor(qpsSpec, qpsSpec.forms[0]!, new Map());
    for (const ok of ['100M', '1.5k', '250,000', '2 billion']) expect(validatePrompt(dau!, ok)).toBeUndefined();
    expect(validatePrompt(dau!, 'lots')).toBe('expected a number like 100M, 1.5k, 2B or 250,000');
    expect(validatePrompt(dau!, '')).toBe('Daily active users is needed, e.g. 100M');
    expect(validatePrompt(requests!, '-3')).toBe('must be more than 0');
    expect(validatePrompt(peak!, '')).toBeUndefined();
    expect(validatePrompt(reads!, '95')).toMatch(/write 95% for a percentage/);
  });

  it('take sizes, durations and availabilities in their own units', () => {
    const storage = ESTIMATORS.get('storage')!;
    const [, size, retention] = promptsFor(storage, storage.forms[0]!, new Map());
    expect(validatePrompt(size!, '10 GiB')).toBeUndefined();
    expect(validatePrompt(retention!, '1h30m')).toBeUndefined();
    expect(validatePrompt(retention!, '5 fortnights')).toMatch(/'fortnights' is not a unit/);
    const availability = ESTIMATORS.get('availability')!;
    const [a] = promptsFor(availability, availability.forms[0]!, new Map());
    for (const ok of ['99.95%', '4 nines', '0.999']) expect(validatePrompt(a!, ok)).toBeUndefined();
    const [downtime, per] = promptsFor(availability, availability.forms[1]!, new Map());
    expect(validatePrompt(downtime!, '5 min')).toBeUndefined();
    expect(per!.field.kind).toBe('choice');
  });

  it('every field an input box asks for belongs to its estimator', () => {
    for (const spec of ESTIMATORS.values()) {
      for (const form of spec.forms) {
        expect(promptsFor(spec, form, new Map()).map((p) => p.field.key)).toEqual(form.fields);
      }
    }
  });
});

describe('remembered values', () => {
  it('are kept per estimator and field, and survive other estimators’ runs', () => {
    let stored: unknown = undefined;
    stored = remember(stored, 'qps', new Map([['dau', '100M'], ['requests', '10']]));
    stored = remember(stored, 'cache', new Map([['size', '2 KB']]));
    stored = remember(stored, 'qps', new Map([['dau', '5M']]));
    expect(rememberedInputs(stored, 'qps')).toEqual(new Map([['dau', '5M'], ['requests', '10']]));
    expect(rememberedInputs(stored, 'cache')).toEqual(new Map([['size', '2 KB']]));
  });

  it('ignore whatever else globalState may hold', () => {
    expect(rememberedInputs(undefined, 'qps').size).toBe(0);
    expect(rememberedInputs('junk', 'qps').size).toBe(0);
    expect(rememberedInputs({ qps: [1, 2] }, 'qps').size).toBe(0);
    expect(rememberedInputs({ qps: { dau: 5, requests: '10', __proto__: { peak: '9' }, other: 'x' } }, 'qps')).toEqual(new Map([['requests', '10']]));
    expect(rememberedInputs(JSON.parse('{"__proto__": {"dau": "1"}}'), 'qps').size).toBe(0);
  });
});

describe('results', () => {
  it('open one read-only Markdown document per estimator, named after it', () => {
    expect(resultPath(estimate().title)).toBe('/QPS estimate.md');
    expect(resultPath('a/b: c')).toBe('/a-b- c.md');
  });

  it('show the working, then say where Copy and Insert are', () => {
    const text = resultDocument([estimate()]);
    expect(text).toMatch(/^# QPS estimate\n/);
    expect(text).toContain('- Average QPS, exact: 1,000,000,000 ÷ 86,400 s = **11,574 QPS**');
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^_Copy this as a Markdown table, or insert it where your cursor was/);
  });

  it('insert as a Markdown table, or as %% comments inside a Mermaid design', () => {
    const md = insertionText([estimate()], 'markdown');
    expect(md).toMatch(/^\*\*QPS estimate\*\* \(/);
    expect(md).toMatch(/\n\| Average QPS, exact +\| 1,000,000,000 ÷ 86,400 s +\| 11,574 QPS +\|\n/);
    const mermaid = insertionText([estimate()], 'mermaid');
    expect(mermaid.trimEnd().split('\n').every((l) => l === '%%' || l.startsWith('%% '))).toBe(true);
  });

  it('start the table on its own line after a blank line and push the rest of the line below', () => {
    expect(placeInsertion('T\n', { before: 'Some text', after: ' more', mermaid: false })).toBe('\n\nT\n\n');
    expect(placeInsertion('T\n', { before: '', after: '', previousLine: 'para', mermaid: false })).toBe('\nT\n');
    expect(placeInsertion('T\n', { before: '', after: '', previousLine: '', mermaid: false })).toBe('T\n');
    expect(placeInsertion('%% T\n', { before: '  A --> B', after: '', mermaid: true })).toBe('\n%% T\n');
  });
});

describe('package.json contributes every command the extension registers', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const contributed = new Map<string, { title: string; category: string }>(pkg.contributes.commands.map((c: { command: string }) => [c.command, c]));

  it('one "System Design: Estimate …" command per estimator', () => {
    for (const name of ESTIMATOR_NAMES) {
      const c = contributed.get(commandId(name));
      expect(c, name).toBeDefined();
      expect(c!.category).toBe('System Design');
      expect(c!.title).toBe(ESTIMATORS.get(name)!.title);
      expect(c!.title).toMatch(/^Estimate /);
    }
  });

  it('"Estimate from This Design"', () => {
    expect(contributed.get(commandId('fromDesign'))).toMatchObject({ title: 'Estimate from This Design', category: 'System Design' });
  });

  it('copy and insert, hidden from the palette until there is a result', () => {
    for (const id of [commandId('copyResult'), commandId('insertResult')]) {
      expect(contributed.has(id)).toBe(true);
      expect(pkg.contributes.menus.commandPalette).toContainEqual({ command: id, when: 'systemDesignLab.estimate.hasResult' });
    }
  });
});

describe('Estimate from This Design', () => {
  const text = readFileSync(join(repoRoot, 'test/fixtures/estimate/two-designs.md'), 'utf8');
  const { designs } = parseDesignDocument(text, { languageId: 'markdown' });

  it('takes the design the cursor is in', () => {
    expect(designs).toHaveLength(2);
    expect(designAt(designs, { line: 7, character: 5 })).toBe(designs[0]);
    expect(designAt(designs, { line: 13, character: 3 })).toBe(designs[1]);
  });

  it('else the only design with requirements', () => {
    expect(designAt(designs, { line: 0, character: 0 })).toBe(designs[0]);
    expect(designAt(designs, undefined)).toBe(designs[0]);
    expect(designAt([designs[1]!, designs[1]!], undefined)).toBeUndefined();
  });

  it('estimates QPS and the downtime budget from the requirements', () => {
    expect(requirementsText(designs[0]!)).toBe('dau=100M requests=10 peak=3 reads=90% availability=99.99%');
    expect(requirementsText(designs[1]!)).toBe('no @design requirements');
    const { estimates, problems } = estimatesFromRequirements(designs[0]!.requirements);
    expect(problems).toEqual([]);
    const doc = resultDocument(estimates);
    expect(doc).toContain('- Peak QPS: 11,574 QPS × 3 (peak factor) = **34,722 QPS**');
    expect(doc).toContain('- Downtime per year: 0.01% × 365.2425 d = **52 m 35.7 s**');
    expect(estimatesFromRequirements(designs[1]!.requirements).problems[0]).toMatch(/QPS needs dau and requests in %% @design/);
  });
});
