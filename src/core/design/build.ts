/**
 * Syntax tree -> Design: what the diagram says about an architecture (DESIGN.md §2).
 *
 * Both diagram types are first reduced to the same raw shape (nodes, edges, groups, comments),
 * so annotations, kinds, instances, regions, link direction, replication and roles are decided
 * once, the same way for a flowchart and an architecture-beta diagram. The decisions that §2
 * leaves open are recorded in docs/design-files.md; the comments here say where they live.
 */
import type { ArchEdge, ArchitectureAst, Comment, FlowEdge, FlowchartAst } from './ast';
import { readAnnotations, type IdSet } from './annotations';
import { Interner } from './intern';
import { isJsSpace, LineIndex } from './sourceText';
import { inferInto, keywordMatcher, type KindResult } from './infer';
import type {
  Component,
  ComponentKind,
  Design,
  DiagramType,
  Finding,
  Group,
  GroupKind,
  Link,
  NodeAttributes,
  Range,
  ReplicationMode,
} from './types';

/** Which way an edge points, relative to the order it is written in (`a --> b` is forward). */
type Direction = 'forward' | 'backward' | 'both' | 'none';

interface RawNode {
  id: string;
  label?: string;
  shape?: string;
  icon?: string;
  classes: string[];
  range: Range;
  occurrences: Range[];
  /** A junction: calls pass through it; it is not a component that can fail or be scaled. */
  connector: boolean;
}

/**
 * Edges read by position, so that a diagram need not copy each of its edges into an object that
 * lives until the parse returns: architecture edges are read straight from the syntax tree.
 */
interface EdgeTable {
  readonly length: number;
  id(i: number): string;
  /** As written: left and right end. Either may be a node or (flowchart) a subgraph id. */
  a(i: number): string;
  b(i: number): string;
  /** Node position of an end when already looked up (-1: not a node), undefined when not. */
  ai(i: number): number | undefined;
  bi(i: number): number | undefined;
  direction(i: number): Direction;
  label(i: number): string;
  arrow(i: number): string;
  stroke(i: number): string;
  range(i: number): Range;
}

/** Flowchart edges as an EdgeTable: the syntax tree's own edges, `~~~` ones left out (they connect nothing). */
class FlowEdgeTable implements EdgeTable {
  readonly length: number;
  /** Table position -> position in the syntax tree, when some edges are left out. */
  private readonly at: Int32Array | undefined;

  constructor(private readonly edges: readonly FlowEdge[]) {
    let invisible = 0;
    for (let i = 0; i < edges.length; i++) if (edges[i]!.stroke === 'invisible') invisible++;
    if (invisible === 0) {
      this.at = undefined;
      this.length = edges.length;
    } else {
      const at = new Int32Array(edges.length - invisible);
      let k = 0;
      for (let i = 0; i < edges.length; i++) if (edges[i]!.stroke !== 'invisible') at[k++] = i;
      this.at = at;
      this.length = k;
    }
  }
  private edge(i: number): FlowEdge {
    return this.edges[this.at === undefined ? i : this.at[i]!]!;
  }
  id(i: number): string {
    return this.edge(i).id;
  }
  a(i: number): string {
    return this.edge(i).start;
  }
  b(i: number): string {
    return this.edge(i).end;
  }
  ai(): undefined {
    return undefined;
  }
  bi(): undefined {
    return undefined;
  }
  direction(i: number): Direction {
    const type = this.edge(i).type;
    return type.startsWith('double_') ? 'both' : type === 'arrow_open' ? 'none' : 'forward';
  }
  label(i: number): string {
    return this.edge(i).text;
  }
  arrow(i: number): string {
    return this.edge(i).type;
  }
  stroke(i: number): string {
    return this.edge(i).stroke;
  }
  range(i: number): Range {
    return this.edge(i).range;
  }
}

/** architecture-beta edges as an EdgeTable: the syntax tree's edges, their end positions and pair numbers. */
class ArchEdgeTable implements EdgeTable {
  constructor(
    private readonly edges: readonly ArchEdge[],
    /** Per edge: node position of the left end, then of the right end (-1: not a node). */
    private readonly ends: Int32Array,
    /** Per edge: how many edges between the same two ids (as written) came before it. */
    private readonly pairNumbers: Int32Array,
  ) {}
  get length(): number {
    return this.edges.length;
  }
  id(i: number): string {
    const e = this.edges[i]!;
    // Mermaid's `L_<lhs>_<rhs>_<n>`. join makes one flat string; a template literal would keep
    // a chain of concatenation objects per id until something flattens it.
    return ['L', e.lhsId, e.rhsId, this.pairNumbers[i]!].join('_');
  }
  a(i: number): string {
    return this.edges[i]!.lhsId;
  }
  b(i: number): string {
    return this.edges[i]!.rhsId;
  }
  ai(i: number): number {
    return this.ends[i * 2]!;
  }
  bi(i: number): number {
    return this.ends[i * 2 + 1]!;
  }
  direction(i: number): Direction {
    const e = this.edges[i]!;
    return e.lhsInto && e.rhsInto ? 'both' : e.rhsInto ? 'forward' : e.lhsInto ? 'backward' : 'none';
  }
  label(i: number): string {
    return this.edges[i]!.title ?? '';
  }
  arrow(i: number): string {
    const d = this.direction(i);
    return d === 'both' ? 'double_arrow_point' : d === 'none' ? 'arrow_open' : 'arrow_point';
  }
  stroke(): string {
    return 'normal';
  }
  range(i: number): Range {
    return this.edges[i]!.range;
  }
}

interface RawGroup {
  id: string;
  label: string;
  parent?: string;
  range: Range;
}

/**
 * Both diagram types reduced to one shape. Nodes and groups have unique ids and are addressed
 * by position after one id lookup each: at 10,000 nodes, map lookups were most of the time.
 */
interface RawDiagram {
  diagram: DiagramType;
  direction?: string;
  nodes: RawNode[];
  /** Node id -> position in `nodes`. */
  index: NodeIndex;
  edges: EdgeTable;
  groups: RawGroup[];
  /** Group id -> position in `groups`. */
  groupIndex: Map<string, number>;
  /** Node position -> position of its innermost group, -1 for none. */
  groupOf: Int32Array;
  comments: readonly Comment[];
  errors: readonly Finding[];
  nodeNoun: string;
  groupNoun: string;
}

const JUNCTION_SHAPES = new Set(['f-circ', 'junction', 'filled-circle']);
/**
 * What a component without annotations (or an architecture node, which has no classes) holds:
 * one shared empty value instead of an object per component, all of which live as long as the
 * Design. Nothing changes these in place (`inFile` replaces arrays); frozen so that code which
 * tries fails loudly instead of changing every component at once.
 */
const NO_ATTRIBUTES: Readonly<NodeAttributes> = Object.freeze({});
const NO_RANGES: readonly Range[] = Object.freeze([]);
const NO_CLASSES: readonly string[] = Object.freeze([]);
const JUNCTION_KIND: KindResult = { kind: 'unknown', reason: 'a junction: calls pass through it', source: 'none' };

/**
 * Node id -> position, numbered in order of first sight like the parsers' ids. Typed arrays
 * instead of a Map: a Map of 10,000 ids is a single heap object above V8's regular-object
 * limit, several milliseconds to allocate and grow on this kind of machine (parse-speed.md).
 */
class NodeIndex implements IdSet {
  private readonly ids = new Interner();

  /** Adds the node's id at the end of `nodes` unless it is already there: the first definition wins. */
  add<T extends { id: string }>(nodes: T[], node: T): boolean {
    if (this.ids.of(node.id) < nodes.length) return false;
    nodes.push(node);
    return true;
  }

  get(id: string): number | undefined {
    const k = this.ids.find(id);
    return k < 0 ? undefined : k;
  }

  has(id: string): boolean {
    return this.ids.find(id) >= 0;
  }

  /** Ids in the order they were added. */
  keys(): Iterable<string> {
    return this.ids.names;
  }
}

/** Adds `id` at the end of `list` unless it is already there: the first definition wins. */
function addUnique<T extends { id: string }>(index: Map<string, number>, list: T[], item: T): boolean {
  const before = index.size;
  index.set(item.id, list.length);
  if (index.size === before) {
    // Rare: a repeated id. Point the index back at the first one.
    index.set(item.id, list.findIndex((x) => x.id === item.id));
    return false;
  }
  list.push(item);
  return true;
}

export function buildFlowchartDesign(ast: FlowchartAst, text: string): Design {
  const groups: RawGroup[] = [];
  const groupIndex = new Map<string, number>();
  const members: string[][] = [];
  for (const s of ast.subgraphs) {
    if (addUnique(groupIndex, groups, { id: s.id, label: s.title || s.id, range: s.range })) members.push(s.nodes);
  }
  ast.subgraphs.forEach((s) => {
    const g = groups[groupIndex.get(s.id)!]!;
    if (s.parent !== undefined && s.parent !== s.id && groupIndex.has(s.parent) && g.range === s.range) g.parent = s.parent;
  });
  const hasGroups = groups.length > 0;
  const nodes: RawNode[] = [];
  const index = new NodeIndex();
  // Indexed loops over per-node and per-edge arrays: these functions run once per parse, often
  // before the optimizing compiler has seen them, where `for...of` allocates per iteration.
  const vertices = ast.vertices;
  for (let i = 0; i < vertices.length; i++) {
    const v = vertices[i]!;
    // An edge to a subgraph id creates a vertex of that name in Mermaid; it means the subgraph.
    if (hasGroups && groupIndex.has(v.id)) continue;
    index.add(nodes, {
      id: v.id,
      label: v.text,
      shape: v.shape,
      icon: undefined,
      classes: v.classes,
      range: v.range,
      occurrences: v.occurrences.length > 0 ? v.occurrences : [v.range],
      connector: v.shape !== undefined && JUNCTION_SHAPES.has(v.shape),
    });
  }
  const edges = new FlowEdgeTable(ast.edges);
  // A node listed in several subgraphs belongs to the deepest one (the first listed on a tie).
  const groupOf = new Int32Array(nodes.length).fill(-1);
  if (hasGroups) {
    const parents = parentPositions(groups, groupIndex);
    const depth = groups.map((_, i) => depthOf(i, parents));
    const deepestFirst = groups.map((_, i) => i).sort((x, y) => depth[y]! - depth[x]! || x - y);
    for (const gi of deepestFirst) {
      const list = members[gi]!;
      for (let i = 0; i < list.length; i++) {
        const k = index.get(list[i]!);
        if (k !== undefined && groupOf[k] === -1) groupOf[k] = gi;
      }
    }
  }
  return assemble(
    {
      diagram: 'flowchart',
      direction: ast.direction,
      nodes,
      index,
      edges,
      groups,
      groupIndex,
      groupOf,
      comments: ast.comments,
      errors: ast.errors,
      nodeNoun: 'node',
      groupNoun: 'subgraph',
    },
    text,
  );
}

export function buildArchitectureDesign(ast: ArchitectureAst, text: string): Design {
  const groups: RawGroup[] = [];
  const groupIndex = new Map<string, number>();
  for (const g of ast.groups) addUnique(groupIndex, groups, { id: g.id, label: g.title || g.id, range: g.range });
  for (const g of ast.groups) {
    const r = groups[groupIndex.get(g.id)!]!;
    if (g.in !== undefined && g.in !== g.id && groupIndex.has(g.in) && r.range === g.range) r.parent = g.in;
  }
  const services = ast.services;
  const junctions = ast.junctions;
  const order = sourceOrder(services, junctions);
  const nodes: RawNode[] = [];
  const index = new NodeIndex();
  const ins: (string | undefined)[] = [];
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    let node: RawNode;
    let parent: string | undefined;
    if (i < services.length) {
      const s = services[i]!;
      // One literal with every field (undefined reads as absent here): fields added afterwards
      // would need a second object per node for them.
      node = {
        id: s.id,
        label: s.title !== undefined && s.title !== '' ? s.title : undefined,
        shape: 'service',
        icon: s.icon,
        classes: NO_CLASSES as string[],
        range: s.range,
        occurrences: [s.range],
        connector: false,
      };
      parent = s.in;
    } else {
      const j = junctions[i - services.length]!;
      node = { id: j.id, classes: NO_CLASSES as string[], range: j.range, occurrences: [j.range], shape: 'junction', connector: true };
      parent = j.in;
    }
    if (index.add(nodes, node)) ins.push(parent);
  }
  const groupOf = new Int32Array(nodes.length).fill(-1);
  ins.forEach((g, k) => {
    const gi = g === undefined ? undefined : groupIndex.get(g);
    if (gi !== undefined) groupOf[k] = gi;
  });
  // Mermaid-style ids number repeated (lhs, rhs) pairs. Each node's earlier edges are chained in
  // typed arrays and searched for the same target (no key string or map entry per edge); a hub
  // with many edges moves to a map so a long chain is never searched again and again.
  const HUB = 16;
  const size = nodes.length + 1;
  const lastOut = new Int32Array(nodes.length).fill(-1);
  const outDegree = new Int32Array(nodes.length);
  const prevOut = new Int32Array(ast.edges.length);
  const targetOf = new Int32Array(ast.edges.length);
  const pairCount = new Int32Array(ast.edges.length);
  const hubPairs = new Map<number, number>();
  const unknownEnds = new Map<string, number>();
  const ends = new Int32Array(ast.edges.length * 2);
  for (let i = 0; i < ast.edges.length; i++) {
    const e = ast.edges[i]!;
    const a = index.get(e.lhsId);
    const b = index.get(e.rhsId);
    let n = 0;
    if (a !== undefined && b !== undefined) {
      if (outDegree[a]! < HUB) {
        for (let j = lastOut[a]!; j !== -1; j = prevOut[j]!) {
          if (targetOf[j] === b) {
            n = pairCount[j]! + 1;
            break;
          }
        }
        prevOut[i] = lastOut[a]!;
        lastOut[a] = i;
        targetOf[i] = b;
      } else {
        if (outDegree[a] === HUB) {
          for (let j = lastOut[a]!; j !== -1; j = prevOut[j]!) {
            const key = a * size + targetOf[j]!;
            hubPairs.set(key, Math.max(hubPairs.get(key) ?? 0, pairCount[j]! + 1));
          }
        }
        const key = a * size + b;
        n = hubPairs.get(key) ?? 0;
        hubPairs.set(key, n + 1);
      }
      outDegree[a]++;
    } else {
      const key = `${e.lhsId}\u0000${e.rhsId}`;
      n = unknownEnds.get(key) ?? 0;
      unknownEnds.set(key, n + 1);
    }
    pairCount[i] = n;
    ends[i * 2] = a ?? -1;
    ends[i * 2 + 1] = b ?? -1;
  }
  const edges = new ArchEdgeTable(ast.edges, ends, pairCount);
  return assemble(
    {
      diagram: 'architecture',
      nodes,
      index,
      edges,
      groups,
      groupIndex,
      groupOf,
      comments: ast.comments,
      errors: ast.errors,
      nodeNoun: 'service or junction',
      groupNoun: 'group',
    },
    text,
  );
}

/**
 * Services (0..a.length-1) then junctions (a.length + j) by source position, ties in that order:
 * a stable sort of the two lists joined. Each list is in source order already (the parser adds
 * them as it reads), so they are merged without an object per node; a sort is the fallback.
 */
function sourceOrder(a: readonly { range: Range }[], b: readonly { range: Range }[]): Int32Array {
  const order = new Int32Array(a.length + b.length);
  if (inSourceOrder(a) && inSourceOrder(b)) {
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < a.length && j < b.length) order[k++] = comparePos(a[i]!.range, b[j]!.range) <= 0 ? i++ : a.length + j++;
    while (i < a.length) order[k++] = i++;
    while (j < b.length) order[k++] = a.length + j++;
    return order;
  }
  const rangeOf = (k: number): Range => (k < a.length ? a[k]!.range : b[k - a.length]!.range);
  const all: number[] = [];
  for (let k = 0; k < order.length; k++) all.push(k);
  all.sort((x, y) => comparePos(rangeOf(x), rangeOf(y)));
  order.set(all);
  return order;
}

function inSourceOrder(list: readonly { range: Range }[]): boolean {
  for (let i = 1; i < list.length; i++) if (comparePos(list[i - 1]!.range, list[i]!.range) > 0) return false;
  return true;
}

/** Parent position per group, -1 for none; a parent chain that loops is cut where it loops. */
function parentPositions(groups: readonly RawGroup[], groupIndex: ReadonlyMap<string, number>): Int32Array {
  const parents = new Int32Array(groups.length).fill(-1);
  groups.forEach((g, i) => {
    if (g.parent !== undefined) parents[i] = groupIndex.get(g.parent) ?? -1;
  });
  for (let i = 0; i < groups.length; i++) {
    const seen = new Set<number>([i]);
    for (let p = parents[i]!; p !== -1; p = parents[p]!) {
      if (seen.has(p)) {
        parents[i] = -1;
        break;
      }
      seen.add(p);
    }
  }
  return parents;
}

function depthOf(i: number, parents: Int32Array): number {
  let d = 0;
  for (let p = parents[i]!; p !== -1 && d <= parents.length; p = parents[p]!) d++;
  return d;
}

const isRegionWord = keywordMatcher(['region+', 'zone+', 'AZ+', 'DC+', 'datacenter+', 'data center+', 'datacentre+']);
/** Cloud region and zone names such as `us-east-1`, `eu-west-2a`, `europe-west4`. */
const REGION_CODE =
  /(?:^|[^\p{L}\p{N}])(?:us|eu|ap|sa|ca|me|af|il|mx|cn|asia|europe|australia|northamerica|southamerica)-(?:gov-)?(?:north|south|east|west|central|northeast|northwest|southeast|southwest)-?\d[a-z]?(?![\p{L}\p{N}])/iu;
const replicaWord = keywordMatcher(['replica+', 'read replica+', 'follower+', 'standby', 'secondary', 'slave+']);
const primaryWord = keywordMatcher(['primary', 'leader', 'master']);
/** Kinds that hold data and can have replicas named so in their label. */
const DATA_KINDS = new Set<ComponentKind>(['database', 'cache', 'search']);
/** Kinds that make requests: an edge they start labelled `async` is an asynchronous call, not replication. */
const CALLER_KINDS = new Set<ComponentKind>(['client', 'dns', 'cdn', 'load-balancer', 'gateway', 'service', 'worker', 'monitor']);
/**
 * Who calls whom on an edge with no direction (`---`, `<-->`, architecture `--`): the kind
 * nearer the user calls the one further in. A monitor scrapes what it watches.
 */
const RANK = new Map<ComponentKind, number>([
  ['monitor', 0],
  ['client', 1],
  ['dns', 2],
  ['cdn', 3],
  ['load-balancer', 4],
  ['gateway', 5],
  ['service', 6],
  ['worker', 7],
  ['cache', 8],
  ['queue', 9],
  ['search', 9],
  ['database', 9],
  ['object-store', 9],
]);

/** `x3`, `×3`, `X 3`, `(3)`, `(x3)` at the end of a label. */
const INSTANCE_SUFFIX = /(?:\((?:[x×]\s?)?(\d{1,6})\)|(?:^|\s)[x×X]\s?(\d{1,6}))\s*$/;

export function instancesFromLabel(label: string): number | undefined {
  // The suffix ends in a digit or ')' (then only \s): most labels are ruled out without the regex.
  let last = label.length - 1;
  while (last >= 0 && isJsSpace(label.charCodeAt(last))) last--;
  const c = last >= 0 ? label.charCodeAt(last) : 0;
  if (c !== 41 && (c < 48 || c > 57)) return undefined;
  const m = INSTANCE_SUFFIX.exec(label);
  if (!m) return undefined;
  const n = Number(m[1] ?? m[2]);
  return n >= 1 ? n : undefined;
}

// Module constants, not literals in the function: a regex literal makes a new RegExp object
// every time it is evaluated, once per labelled edge.
const SEMI_SYNC_WORD = /(?:^|[^\p{L}\p{N}])semi[-\s]?sync(?:hronous)?(?![\p{L}\p{N}])/iu;
const ASYNC_WORD = /(?:^|[^\p{L}\p{N}])async(?:hronous)?(?![\p{L}\p{N}])/iu;
const SYNC_WORD = /(?:^|[^\p{L}\p{N}])sync(?:hronous)?(?![\p{L}\p{N}])/iu;

function replicationMode(label: string): ReplicationMode | undefined {
  if (SEMI_SYNC_WORD.test(label)) return 'semi-sync';
  if (ASYNC_WORD.test(label)) return 'async';
  if (SYNC_WORD.test(label)) return 'sync';
  return undefined;
}

const REPLICATION_WORD = /(?:^|[^\p{L}\p{N}])(?:replication|repl|replicates?|replicated|replicating)(?![\p{L}\p{N}])/iu;

function assemble(raw: RawDiagram, text: string): Design {
  const ann = readAnnotations(raw.comments, { nodes: raw.index, groups: raw.groupIndex, nodeNoun: raw.nodeNoun, groupNoun: raw.groupNoun });

  // Groups, with parents that exist and no cycles.
  const parents = parentPositions(raw.groups, raw.groupIndex);
  const groups: Group[] = raw.groups.map((g, i) => {
    const kind: GroupKind = ann.groupKinds.get(g.id) ?? (isRegion(g.id) || isRegion(g.label) ? 'region' : 'group');
    const group: Group = { id: g.id, label: g.label, kind, members: [], range: g.range };
    if (parents[i] !== -1) group.parent = raw.groups[parents[i]!]!.id;
    return group;
  });
  const regionOf = new Int32Array(groups.length).fill(-1);
  for (let i = 0; i < groups.length; i++) {
    for (let g = i, hops = 0; g !== -1 && hops <= groups.length; g = parents[g]!, hops++) {
      if (groups[g]!.kind === 'region') {
        regionOf[i] = g;
        break;
      }
    }
  }

  // Annotations by node position, so the loop below does no id lookups.
  const n = raw.nodes.length;
  const attrsAt: (NodeAttributes | undefined)[] = new Array(n);
  const rangesAt: (Range[] | undefined)[] = new Array(n);
  ann.nodeAttributes.forEach((attrs, id) => {
    const k = raw.index.get(id);
    if (k !== undefined) attrsAt[k] = attrs;
  });
  ann.ranges.forEach((ranges, id) => {
    const k = raw.index.get(id);
    if (k !== undefined) rangesAt[k] = ranges;
  });

  const components: Component[] = new Array(n);
  const connector = new Uint8Array(n);
  let anyConnector = false;
  for (let k = 0; k < n; k++) {
    const node = raw.nodes[k]!;
    const attributes: NodeAttributes = attrsAt[k] ?? (NO_ATTRIBUTES as NodeAttributes);
    const isConnector = node.connector && attributes.kind === undefined;
    const inferred = isConnector
      ? JUNCTION_KIND
      : inferInto(node.id, node.label, node.classes, node.icon, node.shape, attributes.kind);
    const c: Component = {
      id: node.id,
      label: node.label ?? node.id,
      kind: inferred.kind,
      kindReason: inferred.reason,
      kindSource: inferred.source,
      instances: attributes.replicas ?? (node.label !== undefined ? instancesFromLabel(node.label) : undefined) ?? 1,
      classes: node.classes,
      attributes,
      range: node.range,
      occurrences: node.occurrences,
      annotationRanges: rangesAt[k] ?? (NO_RANGES as Range[]),
      // The optional fields declared up front, in the order they were always added: one object
      // layout for every component and no property store grown per component (JSON leaves
      // the undefined ones out).
      shape: node.shape,
      icon: node.icon,
      group: undefined,
      region: undefined,
      role: undefined,
    };
    const g = raw.groupOf[k]!;
    if (g !== -1) {
      c.group = groups[g]!.id;
      groups[g]!.members.push(c.id);
      if (regionOf[g] !== -1) c.region = groups[regionOf[g]!]!.id;
    }
    if (isConnector) {
      connector[k] = 1;
      anyConnector = true;
    }
    components[k] = c;
  }
  // Direct members: components in source order, then child groups.
  groups.forEach((g, i) => {
    if (parents[i] !== -1) groups[parents[i]!]!.members.push(g.id);
  });

  const roles = new Uint8Array(n);
  const links = buildLinks(raw, components, anyConnector ? connector : undefined, parents, roles);
  assignRoles(components, roles);

  const disabled = new Set(ann.disabledRules);
  const all = raw.errors.length + ann.findings.length > 0 ? [...raw.errors, ...ann.findings] : [];
  const findings = all.filter((f) => !disabled.has(f.rule)).sort((x, y) => comparePos(x.range, y.range));

  const design: Design = {
    diagram: raw.diagram,
    components,
    links,
    groups,
    requirements: ann.requirements,
    annotations: ann.annotations,
    disabledRules: ann.disabledRules,
    findings,
    source: text,
    range: wholeText(text),
  };
  if (raw.direction !== undefined) design.direction = raw.direction;
  return design;
}

function isRegion(s: string): boolean {
  return isRegionWord(s) !== undefined || REGION_CODE.test(s);
}

/** Edges between two nodes, as parallel arrays (no object per edge): what subgraph entry/exit analysis reads. */
interface Pairs {
  a: number[];
  b: number[];
  /** The edge's direction as written. */
  direction: Direction[];
}

type Role = 'in' | 'out' | 'both';

/** What replication links say about a component, by position: bits for `assignRoles`. */
const POINTED_AT = 1;
const LEAVES = 2;

/**
 * The links of the design. `roles` (one byte per component) gets POINTED_AT and LEAVES marks
 * from each replication link as it is kept, so roles are decided by position, not id lookups.
 */
function buildLinks(
  raw: RawDiagram,
  components: readonly Component[],
  connector: Uint8Array | undefined,
  parents: Int32Array,
  roles: Uint8Array,
): Link[] {
  const links: Link[] = [];
  // Ids are unique per position, so the id says which of the two ends a link starts from.
  const startOf = (link: Link, a: number, b: number): number => (link.from === components[a]!.id ? a : b);
  const keep = (link: Link, a: number, b: number): void => {
    links.push(link);
    if (link.kind !== 'replication') return;
    const from = startOf(link, a, b);
    const to = from === a ? b : a;
    if (link.arrow.startsWith('double_')) {
      roles[from]! |= LEAVES;
      roles[to]! |= LEAVES;
    } else {
      roles[to]! |= POINTED_AT;
      roles[from]! |= LEAVES;
    }
  };
  const edges = raw.edges;
  // Edges with a junction end (edge numbers and end positions): their links are made per junction cluster below.
  const junctionA: number[] = [];
  const junctionB: number[] = [];
  const junctionEdge: number[] = [];
  const add = (a: number, b: number, edge: number) => {
    if (connector && (connector[a] === 1 || connector[b] === 1)) {
      junctionA.push(a);
      junctionB.push(b);
      junctionEdge.push(edge);
    } else {
      keep(makeLink(components[a]!, components[b]!, edges, edge, edges.direction(edge)), a, b);
    }
  };
  const groupEdges: { edge: number; a?: number; b?: number }[] = [];
  const position = (known: number | undefined, id: string): number | undefined =>
    known === undefined ? raw.index.get(id) : known === -1 ? undefined : known;
  const edgeCount = edges.length;
  for (let i = 0; i < edgeCount; i++) {
    const a = position(edges.ai(i), edges.a(i));
    const b = position(edges.bi(i), edges.b(i));
    if (a !== undefined && b !== undefined) {
      add(a, b, i);
    } else if ((a !== undefined || raw.groupIndex.has(edges.a(i))) && (b !== undefined || raw.groupIndex.has(edges.b(i)))) {
      const ge: { edge: number; a?: number; b?: number } = { edge: i };
      if (a !== undefined) ge.a = a;
      if (b !== undefined) ge.b = b;
      groupEdges.push(ge);
    }
  }

  // An edge to a subgraph reaches its entry points (members nothing else in it calls); an edge
  // from a subgraph leaves from its exits (members that call nothing else in it).
  if (groupEdges.length > 0) {
    // The node-to-node edges again, only now that a subgraph end needs them (most designs have none).
    const pairs: Pairs = { a: [], b: [], direction: [] };
    for (let i = 0; i < edgeCount; i++) {
      const a = position(edges.ai(i), edges.a(i));
      const b = position(edges.bi(i), edges.b(i));
      if (a === undefined || b === undefined) continue;
      pairs.a.push(a);
      pairs.b.push(b);
      pairs.direction.push(edges.direction(i));
    }
    const within = groupInternals(raw, pairs, connector, parents);
    for (const { edge, a, b } of groupEdges) {
      const as = a !== undefined ? [a] : within(raw.groupIndex.get(edges.a(edge))!).exits;
      const bs = b !== undefined ? [b] : within(raw.groupIndex.get(edges.b(edge))!).entries;
      for (const x of as) for (const y of bs) if (x !== y) add(x, y, edge);
    }
  }
  if (!connector || junctionEdge.length === 0) return links;

  // Junctions: the components attached to one cluster of connected junctions reach each other.
  const hub = new UnionFind(components.length);
  for (let i = 0; i < junctionEdge.length; i++) {
    const a = junctionA[i]!;
    const b = junctionB[i]!;
    if (connector[a] === 1 && connector[b] === 1) hub.union(a, b);
  }
  const clusters = new Map<number, Attachment[]>();
  const attach = (junction: number, k: number, role: Role, edge: number) => {
    const root = hub.find(junction);
    const list = clusters.get(root);
    if (list) list.push({ k, role, edge });
    else clusters.set(root, [{ k, role, edge }]);
  };
  for (let i = 0; i < junctionEdge.length; i++) {
    const a = junctionA[i]!;
    const b = junctionB[i]!;
    const aj = connector[a] === 1;
    const bj = connector[b] === 1;
    if (aj && bj) continue;
    const edge = junctionEdge[i]!;
    const d = edges.direction(edge);
    if (bj) attach(b, a, d === 'forward' ? 'in' : d === 'backward' ? 'out' : 'both', edge);
    else attach(a, b, d === 'forward' ? 'out' : d === 'backward' ? 'in' : 'both', edge);
  }
  const n = components.length;
  for (const list of clusters.values()) {
    sortByEdgePosition(list, edges);
    // Component pairs already linked in this cluster, as from * n + to.
    const seen = new Set<number>();
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const x = list[i]!;
        const y = list[j]!;
        if (x.k === y.k) continue;
        let from: Attachment | undefined;
        let to: Attachment | undefined;
        if ((x.role === 'in' || x.role === 'both') && y.role === 'out') [from, to] = [x, y];
        else if (x.role === 'out' && (y.role === 'in' || y.role === 'both')) [from, to] = [y, x];
        else if (x.role === 'in' && y.role === 'both') [from, to] = [x, y];
        else if (x.role === 'both' && y.role === 'in') [from, to] = [y, x];
        else if (x.role === 'both' && y.role === 'both') [from, to] = [x, y];
        if (!from || !to) continue;
        const undirected = from.role === 'both' && to.role === 'both';
        // The link is drawn by the caller's edge: its label, id and arrow, with the cluster's direction.
        const link = makeLink(components[from.k]!, components[to.k]!, edges, from.edge, undirected ? 'none' : 'forward');
        const fromK = startOf(link, from.k, to.k);
        const key = fromK * n + (fromK === from.k ? to.k : from.k);
        if (seen.has(key)) continue;
        seen.add(key);
        keep(link, from.k, to.k);
      }
    }
  }
  return links;
}

/** A component attached to a junction cluster: which way calls go through the edge that attaches it. */
interface Attachment {
  k: number;
  role: Role;
  /** Its position in the diagram's EdgeTable. */
  edge: number;
}

/**
 * Sorts by the position of each attachment's edge, keeping the order of ties (as the stable
 * Array.prototype.sort does). Clusters are small and mostly in order already: insertion sort
 * allocates nothing, where each `sort` call allocates its own work arrays.
 */
function sortByEdgePosition(list: Attachment[], edges: EdgeTable): void {
  if (list.length > 32) {
    list.sort((x, y) => comparePos(edges.range(x.edge), edges.range(y.edge)));
    return;
  }
  for (let i = 1; i < list.length; i++) {
    const item = list[i]!;
    const range = edges.range(item.edge);
    let j = i - 1;
    while (j >= 0 && comparePos(edges.range(list[j]!.edge), range) > 0) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = item;
  }
}

/** Entry and exit members of each subgraph (positions), from the edges between its own components. */
function groupInternals(
  raw: RawDiagram,
  pairs: Pairs,
  connector: Uint8Array | undefined,
  parents: Int32Array,
): (group: number) => { entries: number[]; exits: number[] } {
  const cache = new Map<number, { entries: number[]; exits: number[] }>();
  const inside = (k: number, group: number): boolean => {
    for (let g = raw.groupOf[k]!, hops = 0; g !== -1 && hops <= parents.length; g = parents[g]!, hops++) {
      if (g === group) return true;
    }
    return false;
  };
  return (group) => {
    const hit = cache.get(group);
    if (hit) return hit;
    const members: number[] = [];
    for (let k = 0; k < raw.nodes.length; k++) if (!connector?.[k] && inside(k, group)) members.push(k);
    const isMember = new Uint8Array(raw.nodes.length);
    for (const k of members) isMember[k] = 1;
    const called = new Uint8Array(raw.nodes.length);
    const calling = new Uint8Array(raw.nodes.length);
    for (let i = 0; i < pairs.a.length; i++) {
      const a = pairs.a[i]!;
      const b = pairs.b[i]!;
      if (!isMember[a] || !isMember[b] || a === b) continue;
      const backward = pairs.direction[i] === 'backward';
      called[backward ? a : b] = 1;
      calling[backward ? b : a] = 1;
    }
    const entries = members.filter((k) => !called[k]);
    const exits = members.filter((k) => !calling[k]);
    const result = { entries: entries.length > 0 ? entries : members, exits: exits.length > 0 ? exits : members };
    cache.set(group, result);
    return result;
  };
}

/** Orients edge `i` of `edges` between two components and decides whether it is a call or replication. */
function makeLink(ca: Component, cb: Component, edges: EdgeTable, i: number, direction: Direction): Link {
  const undirected = direction === 'none' || direction === 'both';
  let swap = direction === 'backward';
  if (undirected) {
    const ra = RANK.get(ca.kind);
    const rb = RANK.get(cb.kind);
    swap = ra !== undefined && rb !== undefined && rb < ra;
  }
  const label = edges.label(i);
  const labelled = label !== '';
  const mode = labelled ? replicationMode(label) : undefined;
  const caller = swap ? cb : ca;
  const replication =
    (ca.kind === 'database' && cb.kind === 'database') ||
    (labelled && REPLICATION_WORD.test(label)) ||
    (mode !== undefined && !CALLER_KINDS.has(caller.kind));
  if (replication && undirected) {
    // Undirected replication flows from the primary to the replica when the labels say which is which.
    const aReplica = replicaWord(ca.label) !== undefined;
    const bReplica = replicaWord(cb.label) !== undefined;
    const aPrimary = primaryWord(ca.label) !== undefined;
    const bPrimary = primaryWord(cb.label) !== undefined;
    swap = (aReplica && !bReplica) || (bPrimary && !aPrimary);
  }
  const from = swap ? cb : ca;
  const to = swap ? ca : cb;
  const link: Link = {
    id: edges.id(i),
    from: from.id,
    to: to.id,
    kind: replication ? 'replication' : 'call',
    label,
    arrow: edges.arrow(i),
    stroke: edges.stroke(i),
    range: edges.range(i),
  };
  if (replication) link.mode = mode ?? 'async';
  return link;
}

/**
 * Replication edges point at replicas; the components they only leave are primaries. A
 * two-headed replication edge (`<-->`) is multi-primary: both ends are primaries. Without
 * edges, a data store's label may still say which it is (`Orders replica`, `Primary DB`).
 */
function assignRoles(components: Component[], roles: Uint8Array): void {
  for (let i = 0; i < components.length; i++) {
    const c = components[i]!;
    const labelled = DATA_KINDS.has(c.kind);
    const r = roles[i]!;
    if ((r & POINTED_AT) !== 0 || (labelled && replicaWord(c.label) !== undefined)) c.role = 'replica';
    else if ((r & LEAVES) !== 0 || (labelled && primaryWord(c.label) !== undefined)) c.role = 'primary';
  }
}

class UnionFind {
  private readonly parent: Int32Array;
  constructor(size: number) {
    this.parent = new Int32Array(size);
    for (let i = 0; i < size; i++) this.parent[i] = i;
  }
  find(x: number): number {
    let root = x;
    while (this.parent[root] !== root) root = this.parent[root]!;
    // Path compression keeps long junction chains cheap.
    while (this.parent[x] !== root) {
      const next = this.parent[x]!;
      this.parent[x] = root;
      x = next;
    }
    return root;
  }
  union(x: number, y: number): void {
    const rx = this.find(x);
    const ry = this.find(y);
    if (rx !== ry) this.parent[rx] = ry;
  }
}

export function comparePos(a: Range, b: Range): number {
  return a.start.line - b.start.line || a.start.character - b.start.character;
}

/** The range covering all of `text`, in the coordinates VS Code uses (CRLF, LF and CR all end a line). */
export function wholeText(text: string): Range {
  return { start: { line: 0, character: 0 }, end: new LineIndex(text).positionAt(text.length) };
}
