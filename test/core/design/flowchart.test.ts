import { describe, expect, it } from 'vitest';
import { parseFlowchart } from '../../../src/core/design/flowchart';
import type { FlowchartAst } from '../../../src/core/design/ast';
import { marked, r } from '../../support/marked';
import { allRanges, badRanges } from '../../support/ranges';

function parse(text: string): FlowchartAst {
  const ast = parseFlowchart(text);
  expect(badRanges(text, allRanges(ast))).toEqual([]);
  return ast;
}

function ok(text: string): FlowchartAst {
  const ast = parse(text);
  expect(ast.errors.map((e) => e.message)).toEqual([]);
  return ast;
}

const vertex = (ast: FlowchartAst, id: string) => ast.vertices.find((v) => v.id === id);
const errors = (ast: FlowchartAst) => ast.errors.map((e) => `${r(e.range)} ${e.message}`);

describe('header and direction', () => {
  it.each([
    ['flowchart TB', 'TB'],
    ['flowchart TD', 'TB'],
    ['flowchart BT', 'BT'],
    ['flowchart RL', 'RL'],
    ['flowchart LR', 'LR'],
    ['graph >', 'LR'],
    ['graph <', 'RL'],
    ['graph ^', 'BT'],
    ['graph v', 'TB'],
    ['graph', 'TB'],
    ['flowchart-elk LR', 'LR'],
  ])('%s has direction %s', (header, direction) => {
    const ast = ok(`${header}\nA --> B`);
    expect(ast.direction).toBe(direction);
    expect(ast.keyword).toBe(header.split(' ')[0]);
    expect(ast.edges).toHaveLength(1);
  });

  it('accepts the first statement after a semicolon on the header line', () => {
    const ast = ok('graph TD;A-->B;B-->C');
    expect(ast.edges.map((e) => e.id)).toEqual(['L_A_B_0', 'L_B_C_0']);
  });

  it('reports an unknown direction at the word', () => {
    const { text, ranges } = marked('flowchart «XY»', 'A --> B');
    const ast = parse(text);
    expect(errors(ast)).toEqual([`${r(ranges[0])} Expected a direction (TB, TD, BT, RL, LR) or the end of the line after 'flowchart', found 'XY'`]);
    expect(ast.edges).toHaveLength(1);
  });

  it('reports a missing header and still reads the statements', () => {
    const ast = parse('A --> B\nB --> C');
    expect(ast.errors[0]!.message).toMatch(/^Expected 'flowchart' or 'graph' to begin the diagram/);
    expect(ast.edges.map((e) => `${e.start}>${e.end}`)).toEqual(['B>C']);
  });
});

describe('node shapes', () => {
  it.each([
    ['A[label]', 'square'],
    ['A(label)', 'round'],
    ['A([label])', 'stadium'],
    ['A[[label]]', 'subroutine'],
    ['A[(label)]', 'cylinder'],
    ['A((label))', 'circle'],
    ['A(((label)))', 'doublecircle'],
    ['A(-label-)', 'ellipse'],
    ['A>label]', 'odd'],
    ['A{label}', 'diamond'],
    ['A{{label}}', 'hexagon'],
    ['A[/label/]', 'lean_right'],
    ['A[\\label\\]', 'lean_left'],
    ['A[/label\\]', 'trapezoid'],
    ['A[\\label/]', 'inv_trapezoid'],
    ['A[|borders:lt|label]', 'rect'],
  ])('%s is a %s with its label range', (node, shape) => {
    const open = node.indexOf('label');
    const { text, ranges } = marked(`flowchart LR\n«A»${node.slice(1, open)}«label»${node.slice(open + 5)} --> B`);
    const ast = ok(text);
    const a = vertex(ast, 'A')!;
    expect(a.shape).toBe(shape);
    expect(a.text).toBe('label');
    expect(a.labelType).toBe('text');
    expect(r(a.range)).toBe(r(ranges[0]));
    expect(r(a.labelRange)).toBe(r(ranges[1]));
    expect(vertex(ast, 'B')!.shape).toBeUndefined();
    expect(vertex(ast, 'B')!.text).toBeUndefined();
  });

  it('keeps the last label and shape given to an id, and every occurrence', () => {
    const { text, ranges } = marked('flowchart LR', '«A»[first] --> «A»(second)', '«A» --> B');
    const ast = ok(text);
    const a = vertex(ast, 'A')!;
    expect([a.text, a.shape]).toEqual(['second', 'round']);
    expect(a.occurrences.map(r)).toEqual(ranges.map(r));
    expect(r(a.range)).toBe(r(ranges[0]));
  });

  it('reads quoted and markdown labels, trims, and keeps entity codes as entities', () => {
    const { text, ranges } = marked('flowchart LR', 'A["«a (b) [c]»"] --> B["`«**bold** text»`"]', 'C[ «spaced» ] --> D["«say #quot;hi#quot; #9829;»"]');
    const ast = ok(text);
    expect([vertex(ast, 'A')!.text, vertex(ast, 'A')!.labelType]).toEqual(['a (b) [c]', 'string']);
    expect([vertex(ast, 'B')!.text, vertex(ast, 'B')!.labelType]).toEqual(['**bold** text', 'markdown']);
    expect(vertex(ast, 'C')!.text).toBe('spaced');
    expect(vertex(ast, 'D')!.text).toBe('say &quot;hi&quot; &#9829;');
    expect([vertex(ast, 'A'), vertex(ast, 'B'), vertex(ast, 'C'), vertex(ast, 'D')].map((v) => r(v!.labelRange))).toEqual(ranges.map(r));
  });

  it('continues a quoted label with plain text, as Mermaid does (not the other way round)', () => {
    const ast = parse('flowchart LR\nA["quoted" tail] --> B[ "after space" ]');
    expect([vertex(ast, 'A')!.text, vertex(ast, 'A')!.labelType]).toEqual(['quoted tail', 'string']);
    expect(ast.errors.map((e) => e.message)).toEqual([
      `Expected ']' to close '[', found '"after space"' (put a label with brackets or quotes inside double quotes: A["..."])`,
    ]);
  });

  it('normalizes HTML in labels the way Mermaid sanitizes it', () => {
    const ast = ok('flowchart LR\nA["one<br/>two"] --> B["x < y & z"] --> C["a & b"]');
    expect(vertex(ast, 'A')!.text).toBe('one<br>two');
    expect(vertex(ast, 'B')!.text).toBe('x &lt; y &amp; z');
    expect(vertex(ast, 'C')!.text).toBe('a & b');
  });

  it('reads multi-line labels', () => {
    const ast = ok('flowchart LR\nA[line one\nline two] --> B');
    expect(vertex(ast, 'A')!.text).toBe('line one\nline two');
  });
});

describe('@{ } shape data', () => {
  it('sets the shape as written and the label (a markdown label by default)', () => {
    const { text, ranges } = marked('flowchart LR', '«A»@{ shape: cyl, label: "«Orders DB»" } --> B@{ shape: database }');
    const ast = ok(text);
    const a = vertex(ast, 'A')!;
    expect([a.shape, a.text, a.labelType]).toEqual(['cyl', 'Orders DB', 'markdown']);
    expect(r(a.range)).toBe(r(ranges[0]));
    expect(r(a.labelRange)).toBe(r(ranges[1]));
    expect(vertex(ast, 'B')!.shape).toBe('database');
  });

  it('reads the multi-line form and block scalars', () => {
    const ast = ok('flowchart TB\n  A@{\n    shape: rounded\n    label: |\n      two\n      lines\n  }\n  A --> B');
    expect([vertex(ast, 'A')!.shape, vertex(ast, 'A')!.text]).toEqual(['rounded', 'two\nlines\n']);
  });

  it('attaches shape data to the last node of a group and to link targets', () => {
    const ast = ok('flowchart LR\nA & B@{ shape: diam } --> C@{ shape: circle } & D');
    expect(ast.vertices.map((v) => [v.id, v.shape ?? null])).toEqual([
      ['A', null],
      ['B', 'diam'],
      ['C', 'circle'],
      ['D', null],
    ]);
    expect(ast.edges).toHaveLength(4);
  });

  it('reports an unknown shape at its name', () => {
    const { text, ranges } = marked('flowchart TB', '  A@{ shape: «nope» }', '  A --> B');
    const ast = parse(text);
    expect(errors(ast)).toEqual([`${r(ranges[0])} No such shape: nope.`]);
  });

  it('reports a shape name Mermaid rejects for its case', () => {
    const ast = parse('flowchart TB\nA@{ shape: Rect }');
    expect(ast.errors.map((e) => e.message)).toEqual(['No such shape: Rect. Shape names should be lowercase.']);
  });

  it('applies edge attributes to the edge, not to a new node', () => {
    const ast = ok('flowchart LR\nA e1@--> B\ne1@{ animate: true }');
    expect(ast.vertices.map((v) => v.id)).toEqual(['A', 'B']);
    expect(ast.edges.map((e) => [e.id, e.isUserDefinedId])).toEqual([['e1', true]]);
  });

  it('reads YAML comments and empty keys as YAML does', () => {
    const ast = ok('flowchart LR\nA@{ shape: #doc, label: "ignored" }\nB@{ : x, shape: cyl }');
    expect([vertex(ast, 'A')!.shape, vertex(ast, 'A')!.text, vertex(ast, 'B')!.shape]).toEqual([undefined, undefined, 'cyl']);
  });

  it('reports malformed YAML', () => {
    const ast = parse('flowchart LR\nA@{ shape: cyl, shape: rect }');
    expect(ast.errors.map((e) => e.message)).toEqual(['Invalid shape data: Duplicated key "shape"']);
  });
});

describe('links', () => {
  it.each([
    ['-->', 'arrow_point', 'normal', 1],
    ['---', 'arrow_open', 'normal', 1],
    ['-.->', 'arrow_point', 'dotted', 1],
    ['-.-', 'arrow_open', 'dotted', 1],
    ['==>', 'arrow_point', 'thick', 1],
    ['===', 'arrow_open', 'thick', 1],
    ['--o', 'arrow_circle', 'normal', 1],
    ['--x', 'arrow_cross', 'normal', 1],
    ['o--o', 'double_arrow_circle', 'normal', 1],
    ['x--x', 'double_arrow_cross', 'normal', 1],
    ['<-->', 'double_arrow_point', 'normal', 1],
    ['~~~', 'arrow_open', 'invisible', 1],
    ['--->', 'arrow_point', 'normal', 2],
    ['---->', 'arrow_point', 'normal', 3],
    ['-.->', 'arrow_point', 'dotted', 1],
    ['-..->', 'arrow_point', 'dotted', 2],
    ['====>', 'arrow_point', 'thick', 3],
    ['<==>', 'double_arrow_point', 'thick', 1],
  ])('A %s B', (link, type, stroke, length) => {
    const { text, ranges } = marked(`flowchart LR\n«A «${link}» B»`);
    const ast = ok(text);
    expect(ast.edges.map((e) => [e.start, e.end, e.type, e.stroke, e.length, e.text])).toEqual([['A', 'B', type, stroke, length, '']]);
    expect(r(ast.edges[0]!.range)).toBe(r(ranges[0]));
    expect(r(ast.edges[0]!.linkRange)).toBe(r(ranges[1]));
  });

  it('caps the length at 10 as Mermaid does', () => {
    const ast = ok(`flowchart LR\nA ${'-'.repeat(20)}> B`);
    expect(ast.edges[0]!.length).toBe(10);
  });

  it.each([
    ['A -- «text» --> B', 'arrow_point', 'normal'],
    ['A -. «text» .-> B', 'arrow_point', 'dotted'],
    ['A == «text» ==> B', 'arrow_point', 'thick'],
    ['A -->|«text»| B', 'arrow_point', 'normal'],
    ['A ---|«text»|B', 'arrow_open', 'normal'],
    ['A -- "«text»" --- B', 'arrow_open', 'normal'],
  ])('%s carries its text', (line, type, stroke) => {
    const { text, ranges } = marked('flowchart LR', line);
    const ast = ok(text);
    const e = ast.edges[0]!;
    expect([e.text, e.type, e.stroke]).toEqual(['text', type, stroke]);
    expect(r(e.labelRange)).toBe(r(ranges[0]));
  });

  it('continues quoted link text with plain text', () => {
    const ast = ok('flowchart LR\nA -- "a" b --> B');
    expect([ast.edges[0]!.text, ast.edges[0]!.labelType]).toEqual(['a b', 'string']);
  });

  it('numbers repeated edges the way Mermaid does (0, then 2, 3, ...)', () => {
    const ast = ok('flowchart LR\nA --> B\nA --> B\nA --> B\nB --> A');
    expect(ast.edges.map((e) => e.id)).toEqual(['L_A_B_0', 'L_A_B_2', 'L_A_B_3', 'L_B_A_0']);
  });

  it('chains links', () => {
    const { text, ranges } = marked('flowchart LR', '«A --> «B»» --> «C»');
    const ast = ok(text);
    expect(ast.edges.map((e) => `${e.id}:${e.start}>${e.end}`)).toEqual(['L_A_B_0:A>B', 'L_B_C_0:B>C']);
    expect(r(ast.edges[0]!.range)).toBe(r(ranges[0]));
    expect(ast.edges[1]!.range).toEqual({ start: ranges[1]!.start, end: ranges[2]!.end });
  });

  it('links every member of & groups and gives a user id to one edge', () => {
    const ast = ok('flowchart LR\nA & B e1@--> C & D');
    expect(ast.edges.map((e) => `${e.id}:${e.start}>${e.end}`)).toEqual(['L_A_C_0:A>C', 'L_A_D_0:A>D', 'e1:B>C', 'L_B_D_0:B>D']);
  });

  it('creates no node for an id that names an edge, generated ids included', () => {
    const ast = ok('flowchart LR\nA --> B\nL_A_B_0 --> C\nA e1@--> L_A_B_0');
    expect(ast.vertices.map((v) => v.id)).toEqual(['A', 'B', 'C']);
    expect(ast.edges.map((e) => `${e.id}:${e.start}>${e.end}`)).toEqual(['L_A_B_0:A>B', 'L_L_A_B_0_C_0:L_A_B_0>C', 'e1:A>L_A_B_0']);
  });

  it('gives an already used edge id to no second edge', () => {
    const ast = ok('flowchart LR\nA e1@--> B\nA e1@--> C');
    expect(ast.edges.map((e) => [e.id, e.isUserDefinedId])).toEqual([
      ['e1', true],
      ['L_A_C_0', false],
    ]);
  });

  it('reports a link without a target where the target is missing', () => {
    const { text, ranges } = marked('flowchart LR', 'A -->«»', 'B --> C');
    const ast = parse(text);
    // The link token swallows the line break, so the next line's id is the target.
    expect(errors(ast)).toEqual([]);
    expect(ast.edges.map((e) => `${e.start}>${e.end}`)).toEqual(['A>B', 'B>C']);
    void ranges;
  });

  it('says what is expected after a link at the end of the input', () => {
    const { text, ranges } = marked('flowchart LR', 'A --> B', 'B -->«»');
    const ast = parse(text);
    expect(errors(ast)).toEqual([`${r(ranges[0])} Expected a node id after '-->', found end of input`]);
  });

  it("says what is expected after a link when the line ends with ';'", () => {
    const { text, ranges } = marked('flowchart LR', 'A -->«;»', 'B --> C');
    const ast = parse(text);
    expect(errors(ast)).toEqual([`${r(ranges[0])} Expected a node id after '-->', found ';'`]);
    expect(ast.edges.map((e) => `${e.start}>${e.end}`)).toEqual(['B>C']);
  });

  it("hints when a keyword is used as a node id", () => {
    const ast = parse('flowchart LR\nA --> end');
    expect(ast.errors.map((e) => e.message)).toEqual(["Expected a node id after '-->', found 'end' ('end' is a keyword and cannot be a node id)"]);
  });
});

describe('classes, styles and interaction', () => {
  it('applies :::class, class statements, styles and records classDefs', () => {
    const { text, ranges } = marked(
      'flowchart LR',
      'A:::hot --> B & C',
      'class B,C cold',
      'classDef «hot» fill:#f96,stroke:#333,stroke-width:4px',
      'classDef «a,b» color:red',
      'style A fill:#bbf,stroke-dasharray: 5 5',
      'linkStyle 0 stroke:#ff3',
      'linkStyle default interpolate basis',
    );
    const ast = ok(text);
    expect(ast.vertices.map((v) => [v.id, v.classes])).toEqual([
      ['A', ['hot']],
      ['B', ['cold']],
      ['C', ['cold']],
    ]);
    expect(vertex(ast, 'A')!.styles).toEqual(['fill:#bbf', 'stroke-dasharray: 5 5']);
    expect(ast.classDefs.map((c) => [c.id, c.styles, r(c.range)])).toEqual([
      ['hot', ['fill:#f96', 'stroke:#333', 'stroke-width:4px'], r(ranges[0])],
      ['a', ['color:red'], r(ranges[1])],
      ['b', ['color:red'], r(ranges[1])],
    ]);
  });

  it('creates a node from a style statement', () => {
    const ast = ok('flowchart LR\nstyle X fill:#f00');
    expect(ast.vertices.map((v) => [v.id, v.styles])).toEqual([['X', ['fill:#f00']]]);
  });

  it('reports linkStyle beyond the links defined so far', () => {
    const { text, ranges } = marked('flowchart LR', 'A --> B', 'linkStyle «1» stroke:red');
    const ast = parse(text);
    expect(errors(ast)).toEqual([`${r(ranges[0])} linkStyle 1 is out of range: links defined before it are numbered 0 to 0`]);
  });

  it('keeps click statements without acting on them (Mermaid marks the node clickable)', () => {
    const ast = ok(
      'flowchart LR\nA --> B --> C --> D\nclick A callback "Tooltip"\nclick B "https://example.com" "Tip" _blank\nclick C call fn(1, 2)\nclick D href "https://example.com"',
    );
    expect(ast.vertices.map((v) => v.classes)).toEqual([['clickable'], ['clickable'], ['clickable'], ['clickable']]);
    expect(ast.clicks?.map((c) => [c.ids, r(c.range)])).toEqual([
      [['A'], '2:0-2:26'],
      [['B'], '3:0-3:42'],
      [['C'], '4:0-4:21'],
      [['D'], '5:0-5:34'],
    ]);
  });
});

describe('subgraphs', () => {
  it('reads nested subgraphs with ids, titles, directions and ranges', () => {
    const { text, ranges } = marked(
      'flowchart LR',
      '«subgraph «region1» [US East]',
      '  direction TB',
      '  «subgraph «az1»',
      '    lb1 --> app1',
      '  end»',
      '  app1 --> db1',
      'end»',
      '«subgraph "«Two words»"',
      '  x',
      'end»',
    );
    const ast = ok(text);
    expect(ast.subgraphs.map((s) => [s.id, s.title, s.nodes, s.dir ?? null, s.parent ?? null])).toEqual([
      ['az1', 'az1', ['lb1', 'app1'], null, 'region1'],
      ['region1', 'US East', ['az1', 'db1'], 'TB', null],
      ['subGraph2', 'Two words', ['x'], null, null],
    ]);
    expect(ast.subgraphs.map((s) => r(s.range))).toEqual([r(ranges[3]), r(ranges[1]), r(ranges[5])]);
    expect(ast.subgraphs.map((s) => r(s.blockRange))).toEqual([r(ranges[2]), r(ranges[0]), r(ranges[4])]);
  });

  it('puts a node in the first subgraph that closes with it', () => {
    const ast = ok('flowchart LR\nsubgraph a\n  n1\nend\nsubgraph b\n  n1 --> n2\nend');
    expect(ast.subgraphs.map((s) => [s.id, s.nodes])).toEqual([
      ['a', ['n1']],
      ['b', ['n2']],
    ]);
  });

  it("reports a subgraph that is never closed at its 'subgraph'", () => {
    const { text, ranges } = marked('flowchart LR', '«subgraph» one', '  A --> B');
    const ast = parse(text);
    expect(errors(ast)).toEqual([`${r(ranges[0])} Expected 'end' to close subgraph 'one', found end of input`]);
    expect(ast.subgraphs.map((s) => [s.id, s.nodes])).toEqual([['one', ['A', 'B']]]);
  });

  it("reports 'end' without a subgraph", () => {
    const { text, ranges } = marked('flowchart LR', 'A --> B', '«end»');
    const ast = parse(text);
    expect(errors(ast)).toEqual([`${r(ranges[0])} Unexpected 'end': no subgraph is open`]);
  });

  it('reports a subgraph without an id or title, which Mermaid rejects', () => {
    const ast = parse('flowchart LR\nsubgraph\n  A\nend');
    expect(ast.errors.map((e) => e.message)).toEqual(["Expected a subgraph id or title after 'subgraph' (Mermaid rejects a subgraph without one)"]);
  });

  it('keeps 10,000 nested subgraphs without recursion', () => {
    const depth = 10_000;
    const text = `flowchart LR\n${'subgraph s\n'.repeat(depth)}A\n${'end\n'.repeat(depth)}`;
    const ast = parseFlowchart(text);
    expect(ast.errors).toEqual([]);
    expect(ast.subgraphs).toHaveLength(depth);
  });
});

describe('comments, directives, front matter, accessibility', () => {
  it('keeps comment lines with ranges and skips directives and front matter', () => {
    const { text, ranges } = marked(
      '«---',
      'title: Checkout',
      '---»',
      '%%{init: {"theme": "dark"}}%%',
      'flowchart LR',
      '  «%%« @lb kind=load-balancer»»',
      '  lb --> app',
      '«%%»',
      'accTitle: The title',
      'accDescr: The description',
    );
    const ast = parse(text);
    expect(r(ast.frontMatter)).toBe(r(ranges[0]));
    expect(ast.comments.map((c) => [c.text, r(c.range), r({ start: c.textStart, end: c.textStart })])).toEqual([
      [' @lb kind=load-balancer', r(ranges[1]), r({ start: ranges[2]!.start, end: ranges[2]!.start })],
    ]);
    // A lone '%%' is no comment to Mermaid: it reads it as a node named %%.
    expect(ast.vertices.map((v) => v.id)).toEqual(['lb', 'app', '%%']);
    expect(ast.accTitle).toBe('The title');
    expect(ast.accDescr).toBe('The description');
    expect(ranges[3]).toBeDefined();
  });

  it('reports a comment after a statement, as Mermaid does', () => {
    const { text, ranges } = marked('flowchart LR', 'A --> B «%%» note');
    const ast = parse(text);
    expect(errors(ast)).toEqual([
      `${r(ranges[0])} Expected a link, '&' or the end of the statement after 'B', found '%%' (Mermaid allows %% comments only on a line of their own)`,
    ]);
  });

  it('reports front matter that is not closed', () => {
    const ast = parse('---\ntitle: x\nflowchart LR\nA --> B');
    expect(ast.errors[0]!.message).toMatch(/^Front matter is not closed/);
  });

  it('warns about a directive that is not closed', () => {
    const ast = parse('%%{init: {"theme": "dark"}\nflowchart LR\nA --> B');
    expect(ast.errors.map((e) => e.severity)).toContain('warning');
  });

  it('reads several statements on a line separated by semicolons', () => {
    const ast = ok('flowchart LR\nA --> B; B --> C; C[c];');
    expect(ast.edges.map((e) => e.id)).toEqual(['L_A_B_0', 'L_B_C_0']);
    expect(vertex(ast, 'C')!.text).toBe('c');
  });
});

describe('positions', () => {
  it('counts characters in UTF-16 code units', () => {
    const { text, ranges } = marked('flowchart LR', 'A["😀 «x»"] --> «B»');
    const ast = ok(text);
    expect(r(vertex(ast, 'A')!.labelRange)).not.toBe(r(ranges[0]));
    expect(r(vertex(ast, 'B')!.range)).toBe(r(ranges[1]));
  });

  it('maps ranges through CRLF line endings', () => {
    const { text, ranges } = marked('flowchart LR', '%% c', '«A» --> «B»');
    const crlf = text.replace(/\n/g, '\r\n');
    const ast = ok(crlf);
    expect([r(vertex(ast, 'A')!.range), r(vertex(ast, 'B')!.range)]).toEqual([r(ranges[0]), r(ranges[1])]);
    expect(ast.comments[0]!.text).toBe(' c');
  });
});

describe('errors and recovery', () => {
  it('reports an unclosed bracket at the bracket and reads the next lines', () => {
    const { text, ranges } = marked('flowchart LR', 'A«[»unclosed --> B', 'B --> C', 'C --> D');
    const ast = parse(text);
    expect(errors(ast)).toEqual([`${r(ranges[0])} Unclosed '[': expected ']' before end of input`]);
    expect(ast.edges.map((e) => `${e.start}>${e.end}`)).toEqual(['B>C', 'C>D']);
  });

  it('reports brackets inside a label and suggests quotes', () => {
    const { text, ranges } = marked('flowchart LR', 'A[This is a «(»bracket)] --> B', 'B --> C');
    const ast = parse(text);
    expect(errors(ast)).toEqual([
      `${r(ranges[0])} Expected ']' to close '[', found '(' (put a label with brackets or quotes inside double quotes: A["..."])`,
    ]);
    expect(ast.edges.map((e) => `${e.start}>${e.end}`)).toEqual(['B>C']);
  });

  it('reports entity codes in ids', () => {
    const ast = parse('flowchart LR\nA#quot; --> B');
    expect(ast.errors.map((e) => e.message)).toContain("Entity codes such as '#quot;' are only allowed in labels");
  });

  it('reports characters Mermaid cannot read', () => {
    const { text, ranges } = marked('flowchart LR', 'A«=»B');
    const ast = parse(text);
    expect(errors(ast)).toEqual([`${r(ranges[0])} Unexpected character '='`]);
  });
});

describe("Mermaid's lexer quirks, kept because they decide what Mermaid accepts", () => {
  it("reads a line containing 'direction LR' as a direction statement", () => {
    const ast = ok('flowchart LR\nA["set direction LR"] --> B\nC --> D');
    expect(ast.vertices.map((v) => v.id)).toEqual(['C', 'D']);
  });

  it("reads 'o-->' at the start of a statement as an arrow", () => {
    const ast = parse('flowchart LR\no-->B');
    expect(ast.errors).toHaveLength(1);
    expect(ast.vertices).toEqual([]);
  });

  it('reads the lines after an unfinished link text as its text', () => {
    const ast = ok('flowchart LR\nA-- text\nB --> C');
    expect(ast.edges.map((e) => [e.start, e.end, e.text])).toEqual([['A', 'C', 'text\nB']]);
  });

  it("rejects 'end' and 'call' at the start of an id", () => {
    expect(parse('flowchart LR\nA --> end-x').errors).toHaveLength(1);
    expect(parse('flowchart LR\ncall me --> B(x)').errors.length).toBeGreaterThan(0);
  });
});

describe('labelRanges: false (what parseDesign asks for)', () => {
  const text = [
    'flowchart LR',
    '  a[Web] -->|reads| b[(Orders DB)] -- writes --> c@{ shape: cyl, label: "Replica" }',
    '  a & b -.-> d{{Queue}}',
    '  e1@==> oops',
    '  x --> ',
  ].join('\n');

  it('leaves out label and link-token ranges and nothing else', () => {
    const full = parseFlowchart(text);
    const lean = parseFlowchart(text, { labelRanges: false });
    expect(full.vertices.some((v) => v.labelRange)).toBe(true);
    expect(full.edges.every((e) => e.linkRange)).toBe(true);
    expect(lean.vertices.filter((v) => v.labelRange)).toEqual([]);
    expect(lean.edges.filter((e) => e.linkRange || e.labelRange)).toEqual([]);
    const strip = (ast: FlowchartAst) => ({
      ...ast,
      vertices: ast.vertices.map(({ labelRange: _l, ...v }) => v),
      edges: ast.edges.map(({ labelRange: _l, linkRange: _k, ...e }) => e),
    });
    expect(strip(lean)).toEqual(strip(full));
    expect(lean.errors.length).toBeGreaterThan(0);
  });
});
