// Tokenizes Mermaid text with our TextMate grammars (the engine VS Code itself uses), so a
// regex change that breaks highlighting fails here before anyone opens an editor.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { repoRoot } from '../support/sharedData';

const require = createRequire(import.meta.url);

/** A stand-in for VS Code's Markdown grammar: just enough host for the fence injection. */
const markdownHost = {
  scopeName: 'text.html.markdown',
  patterns: [{ match: '^#+ .*$', name: 'markup.heading.markdown' }],
};

let registry: textmate.Registry;

beforeAll(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const grammars = new Map<string, unknown>([
    ['source.mermaid', JSON.parse(readFileSync(join(repoRoot, 'syntaxes/mermaid.tmLanguage.json'), 'utf8'))],
    ['markdown.mermaid.codeblock', JSON.parse(readFileSync(join(repoRoot, 'syntaxes/mermaid.markdown.tmLanguage.json'), 'utf8'))],
    ['text.html.markdown', markdownHost],
  ]);
  registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (s: string[]) => new oniguruma.OnigScanner(s),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) => (grammars.has(scope) ? textmate.parseRawGrammar(JSON.stringify(grammars.get(scope)), `${scope}.json`) : null),
    getInjections: (scope) => (scope === 'text.html.markdown' ? ['markdown.mermaid.codeblock'] : undefined),
  });
});

/** Tokens of each line as [text, scopes] pairs. */
async function tokenize(scope: string, text: string): Promise<[string, string[]][][]> {
  const grammar = await registry.loadGrammar(scope);
  if (!grammar) throw new Error(`no grammar ${scope}`);
  let stack = textmate.INITIAL;
  return text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    return r.tokens.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes] as [string, string[]]);
  });
}

function scopesOf(lines: [string, string[]][][], lineNo: number, text: string): string[] {
  const tok = lines[lineNo]!.find(([t]) => t === text);
  if (!tok) throw new Error(`no token '${text}' on line ${lineNo}: ${JSON.stringify(lines[lineNo]!.map(([t]) => t))}`);
  return tok[1];
}

const flowchart = [
  'flowchart LR',
  '  %% just a note',
  '  %% @design availability=99.99 consistency=strong',
  '  users([Users]) --> lb{{Load balancer}}',
  '  lb -->|HTTPS| api[API x3]:::service',
  '  api -- reads --> db[(Postgres)]',
  '  subgraph region_a[Region A]',
  '    cache@{ shape: cyl, label: "Redis" }',
  '  end',
  '  %% @lb mode=active-passive health=/healthz breaker',
].join('\n');

describe('Mermaid grammar', () => {
  it('highlights %% @ annotations apart from plain comments', async () => {
    const lines = await tokenize('source.mermaid', flowchart);
    expect(scopesOf(lines, 1, ' just a note')).toContain('comment.line.percentage.mermaid');
    expect(scopesOf(lines, 1, ' just a note')).not.toContain('comment.line.annotation.mermaid');
    expect(scopesOf(lines, 2, 'design')).toContain('entity.name.tag.annotation.target.mermaid');
    expect(scopesOf(lines, 2, 'availability')).toContain('variable.parameter.annotation.key.mermaid');
    expect(scopesOf(lines, 2, '99.99')).toContain('constant.numeric.annotation.mermaid');
    expect(scopesOf(lines, 2, 'strong')).toContain('string.unquoted.annotation.mermaid');
    expect(scopesOf(lines, 9, 'breaker')).toContain('variable.parameter.annotation.flag.mermaid');
    expect(scopesOf(lines, 9, '/healthz')).toContain('comment.line.annotation.mermaid');
  });

  it('highlights the diagram keyword, node ids, labels, arrows and classes', async () => {
    const lines = await tokenize('source.mermaid', flowchart);
    expect(scopesOf(lines, 0, 'flowchart')).toContain('keyword.control.diagram.mermaid');
    expect(scopesOf(lines, 0, 'LR')).toContain('constant.language.direction.mermaid');
    expect(scopesOf(lines, 3, 'users')).toContain('variable.other.node.mermaid');
    expect(scopesOf(lines, 3, 'Load balancer')).toContain('string.unquoted.node-label.mermaid');
    expect(scopesOf(lines, 3, '-->')).toContain('keyword.operator.arrow.mermaid');
    expect(scopesOf(lines, 4, 'HTTPS')).toContain('string.unquoted.edge-label.mermaid');
    expect(scopesOf(lines, 4, 'service')).toContain('entity.name.type.class.mermaid');
    expect(scopesOf(lines, 5, 'reads')).toContain('string.unquoted.edge-label.mermaid');
    expect(scopesOf(lines, 5, 'Postgres')).toContain('string.unquoted.node-label.mermaid');
    expect(scopesOf(lines, 6, 'subgraph')).toContain('keyword.control.subgraph.mermaid');
    expect(scopesOf(lines, 7, 'cache')).toContain('variable.other.node.mermaid');
    expect(scopesOf(lines, 7, 'cyl')).toContain('support.constant.shape.mermaid');
    expect(scopesOf(lines, 8, 'end')).toContain('keyword.control.end.mermaid');
  });

  it('highlights architecture-beta services, groups and edges', async () => {
    const lines = await tokenize(
      'source.mermaid',
      ['architecture-beta', '  group east(cloud)[Region East]', '  service db(database)[Orders DB] in east', '  api:R --> L:db'].join('\n'),
    );
    expect(scopesOf(lines, 0, 'architecture-beta')).toContain('keyword.control.diagram.mermaid');
    expect(scopesOf(lines, 1, 'group')).toContain('keyword.control.architecture.mermaid');
    expect(scopesOf(lines, 2, 'database')).toContain('support.constant.icon.mermaid');
    expect(scopesOf(lines, 2, 'Orders DB')).toContain('string.unquoted.node-label.mermaid');
    expect(scopesOf(lines, 3, '-->')).toContain('keyword.operator.arrow.mermaid');
    expect(scopesOf(lines, 3, 'R')).toContain('constant.language.port.mermaid');
  });

  it('is injected into ```mermaid and ~~~mermaid fences in Markdown, and only there', async () => {
    const md = [
      '# Design',
      '```mermaid',
      'flowchart LR',
      '  %% @design availability=99.9',
      '```',
      '%% @design not in a fence',
      '~~~mermaid',
      'graph TD',
      '~~~',
    ].join('\n');
    const lines = await tokenize('text.html.markdown', md);
    expect(scopesOf(lines, 2, 'flowchart')).toContain('keyword.control.diagram.mermaid');
    expect(scopesOf(lines, 2, 'flowchart')).toContain('meta.embedded.block.mermaid');
    expect(scopesOf(lines, 3, 'design')).toContain('entity.name.tag.annotation.target.mermaid');
    expect(lines[5]!.flatMap(([, s]) => s)).not.toContain('comment.line.annotation.mermaid');
    expect(scopesOf(lines, 7, 'graph')).toContain('keyword.control.diagram.mermaid');
  });
});
