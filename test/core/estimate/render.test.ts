import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderMarkdownTable, renderText, runEstimator, type Estimate } from '../../../src/core/estimate/index';
import { escapeCell, markdownTable } from '../../../src/core/estimate/render';

function qps(): Estimate {
  const r = runEstimator('qps', new Map([['dau', '100M'], ['requests', '10'], ['peak', '3']]));
  if (!r.ok) throw new Error(r.error.message);
  return r.estimate;
}

/** The cells of a Markdown table row, unescaped pipes only. */
function cells(row: string): string[] {
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

describe('the Markdown table to copy or insert', () => {
  it('captions the table with its inputs and lists every step with formula and result', () => {
    const md = renderMarkdownTable(qps());
    const lines = md.trimEnd().split('\n');
    expect(lines[0]).toBe('**QPS estimate** (Daily active users 100M, Requests per user per day 10, Peak factor 3, Read share 90% (default))');
    expect(cells(lines[2]!)).toEqual(['Step', 'Formula', 'Result']);
    expect(lines[3]).toMatch(/^\| -+ \| -+ \| -+ \|$/);
    expect(lines.slice(4).map(cells)).toContainEqual(['Average QPS, exact', '1,000,000,000 ÷ 86,400 s', '11,574 QPS']);
    expect(lines.slice(4).map(cells)).toContainEqual(['Average QPS, quick rule', '1,000,000,000 ÷ 100,000 (a day ≈ 10⁵ s)', '10,000 QPS']);
  });

  it('aligns columns so the raw text reads as a table', () => {
    const rows = renderMarkdownTable(qps()).trimEnd().split('\n').slice(2);
    const pipes = (line: string) => [...line].flatMap((c, i) => (c === '|' ? [i] : []));
    const first = pipes([...rows[0]!].join(''));
    for (const row of rows) expect(pipes(row)).toEqual(first);
  });

  it('escapes what Markdown would take as table syntax in user text', () => {
    const r = runEstimator('composite', new Map([['expression', '99.9% | 99.9%']]));
    if (!r.ok) throw new Error(r.error.message);
    const md = renderMarkdownTable(r.estimate);
    expect(md.split('\n')[0]).toContain('99.9% \\| 99.9%');
    expect(escapeCell('a|b*c_d`e')).toBe('a\\|b\\*c\\_d\\`e');
    expect(cells(markdownTable(['x'], [['a|b']]).split('\n')[2]!)).toEqual(['a\\|b']);
  });
});

describe('the result document', () => {
  it('has a heading, the summary, the working one step a line, the inputs and the assumptions', () => {
    const md = renderMarkdown(qps());
    expect(md).toMatch(/^# QPS estimate\n\n11,574 QPS on average \(10,000 by the quick rule\), 34,722 QPS at peak; 90% reads\.\n\n## Working\n\n- Requests per day: /);
    expect(md).toContain('\n- Average QPS, exact: 1,000,000,000 ÷ 86,400 s = **11,574 QPS**\n');
    expect(md).toContain('## Inputs\n\n- Daily active users: 100M\n');
    expect(md).toContain('- Read share: 90% (default)\n');
    expect(md).toMatch(/## Assumptions\n\n- A day has 86,400 s/);
  });

  it('escapes Markdown in what the user typed', () => {
    const r = runEstimator('composite', new Map([['expression', '99.9% * 99.9%']]));
    if (!r.ok) throw new Error(r.error.message);
    expect(renderMarkdown(r.estimate)).toContain('- Expression: 99.9% \\* 99.9%\n');
  });

  it('lists reference figures result first', () => {
    const r = runEstimator('latency', new Map());
    if (!r.ok) throw new Error(r.error.message);
    expect(renderMarkdown(r.estimate)).toContain('- Main memory reference: **100 ns** (≈ 10² ns; 1.7 minutes if 1 ns were 1 s)\n');
    expect(renderMarkdownTable(r.estimate)).toMatch(/\| Operation +\| Latency +\| Order of magnitude +\|/);
  });
});

describe('terminal text', () => {
  it('prints each step as label, formula = result', () => {
    const text = renderText(qps());
    expect(text.split('\n')[0]).toBe('QPS estimate');
    expect(text).toMatch(/^ {2}Average QPS, exact +1,000,000,000 ÷ 86,400 s +\s= 11,574 QPS$/m);
    expect(text).toMatch(/^ {2}Peak factor: 3$/m);
  });
});
