/**
 * Syntax tree -> Design: what the diagram says about an architecture (DESIGN.md §2).
 *
 * Both diagram types are first reduced to the same raw shape (nodes, edges, groups, comments),
 * so annotations, kinds, instances, regions, link direction, replication and roles are decided
 * once, the same way for a flowchart and an architecture-beta diagram. The decisions that §2
 * leaves open are recorded in docs/design-files.md; the comments here say where they live.
 */
import type { ArchitectureAst, Comment, FlowchartAst } from './ast';
import { readAnnotations } from './annotations';
import { inferKind, keywordMatcher } from './infer';
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

interface RawEdge {
  id: string;
  /** As written: left and right end. Either may be a node or (flowchart) a subgraph id. */
  a: string;
  b: string;
  direction: Direction;
  label: string;
  arrow: string;
  stroke: string;
  range: Range;
}

interface RawGroup {
  id: string;
  label: string;
  parent?: string;
  /** Declared direct members in source order (node and group ids). */
  members: string[];
  range: Range;
}

interface RawDiagram {
  diagram: DiagramType;
  direction?: string;
  nodes: RawNode[];
  edges: RawEdge[];
  groups: RawGroup[];
  nodeIds: ReadonlySet<string>;
  /** Node id -> innermost group id (may also hold group ids; only node ids are looked up). */
  memberOf: Map<string, string>;
  comments: readonly Comment[];
  errors: readonly Finding[];
  nodeNoun: string;
  groupNoun: string;
}

const JUNCTION_SHAPES = new Set(['f-circ', 'junction', 'filled-circle']);

export function buildFlowchartDesign(ast: FlowchartAst, text: string): Design {
  const groupIds = new Set(ast.subgraphs.map((s) => s.id));
  const nodes: RawNode[] = [];
  for (const v of ast.vertices) {
    // An edge to a subgraph id creates a vertex of that name in Mermaid; it means the subgraph.
    if (groupIds.has(v.id)) continue;
    const node: RawNode = {
      id: v.id,
      classes: [...v.classes],
      range: v.range,
      occurrences: v.occurrences.length > 0 ? v.occurrences : [v.range],
      connector: v.shape !== undefined && JUNCTION_SHAPES.has(v.shape),
    };
    if (v.text !== undefined) node.label = v.text;
    if (v.shape !== undefined) node.shape = v.shape;
    nodes.push(node);
  }
  const nodeIds = new Set(nodes.map((n) => n.id));
  const edges: RawEdge[] = [];
  for (const e of ast.edges) {
    // `~~~` only nudges the layout: it connects nothing.
    if (e.stroke === 'invisible') continue;
    edges.push({
      id: e.id,
      a: e.start,
      b: e.end,
      direction: e.type.startsWith('double_') ? 'both' : e.type === 'arrow_open' ? 'none' : 'forward',
      label: e.text,
      arrow: e.type,
      stroke: e.stroke,
      range: e.range,
    });
  }
  const groups: RawGroup[] = ast.subgraphs.map((s) => {
    const g: RawGroup = { id: s.id, label: s.title || s.id, members: [...s.nodes], range: s.range };
    if (s.parent !== undefined && groupIds.has(s.parent)) g.parent = s.parent;
    return g;
  });
  // A node listed in several subgraphs belongs to the deepest one (the first listed on a tie).
  const depth = groupDepths(groups);
  const deepestFirst = groups.map((g, i) => ({ g, d: depth.get(g.id)!, i })).sort((x, y) => y.d - x.d || x.i - y.i);
  const memberOf = new Map<string, string>();
  for (const { g } of deepestFirst) {
    for (const m of g.members) if (!memberOf.has(m)) memberOf.set(m, g.id);
  }
  const raw: RawDiagram = {
    diagram: 'flowchart',
    direction: ast.direction,
    nodes,
    edges,
    groups,
    nodeIds,
    memberOf,
    comments: ast.comments,
    errors: ast.errors,
    nodeNoun: 'node',
    groupNoun: 'subgraph',
  };
  return assemble(raw, text);
}

export function buildArchitectureDesign(ast: ArchitectureAst, text: string): Design {
  const groupIds = new Set(ast.groups.map((g) => g.id));
  const memberOf = new Map<string, string>();
  const nodes: RawNode[] = [];
  for (const s of ast.services) {
    const node: RawNode = { id: s.id, classes: [], range: s.range, occurrences: [s.range], shape: 'service', connector: false };
    if (s.title !== undefined && s.title !== '') node.label = s.title;
    if (s.icon !== undefined) node.icon = s.icon;
    nodes.push(node);
    if (s.in !== undefined && groupIds.has(s.in)) memberOf.set(s.id, s.in);
  }
  for (const j of ast.junctions) {
    nodes.push({ id: j.id, classes: [], range: j.range, occurrences: [j.range], shape: 'junction', connector: true });
    if (j.in !== undefined && groupIds.has(j.in)) memberOf.set(j.id, j.in);
  }
  nodes.sort((x, y) => comparePos(x.range, y.range));
  const groups: RawGroup[] = ast.groups.map((g) => {
    const r: RawGroup = { id: g.id, label: g.title || g.id, members: [], range: g.range };
    if (g.in !== undefined && groupIds.has(g.in) && g.in !== g.id) r.parent = g.in;
    return r;
  });
  const counts = new Map<string, number>();
  const edges: RawEdge[] = ast.edges.map((e) => {
    const key = `${e.lhsId}\u0000${e.rhsId}`;
    const n = counts.get(key) ?? 0;
    counts.set(key, n + 1);
    const direction: Direction = e.lhsInto && e.rhsInto ? 'both' : e.rhsInto ? 'forward' : e.lhsInto ? 'backward' : 'none';
    return {
      id: `L_${e.lhsId}_${e.rhsId}_${n}`,
      a: e.lhsId,
      b: e.rhsId,
      direction,
      label: e.title ?? '',
      arrow: direction === 'both' ? 'double_arrow_point' : direction === 'none' ? 'arrow_open' : 'arrow_point',
      stroke: 'normal',
      range: e.range,
    };
  });
  return assemble(
    {
      diagram: 'architecture',
      nodes,
      edges,
      groups,
      nodeIds: new Set(nodes.map((n) => n.id)),
      memberOf,
      comments: ast.comments,
      errors: ast.errors,
      nodeNoun: 'service or junction',
      groupNoun: 'group',
    },
    text,
  );
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
  const m = INSTANCE_SUFFIX.exec(label);
  if (!m) return undefined;
  const n = Number(m[1] ?? m[2]);
  return n >= 1 ? n : undefined;
}

function replicationMode(label: string): ReplicationMode | undefined {
  if (/(?:^|[^\p{L}\p{N}])semi[-\s]?sync(?:hronous)?(?![\p{L}\p{N}])/iu.test(label)) return 'semi-sync';
  if (/(?:^|[^\p{L}\p{N}])async(?:hronous)?(?![\p{L}\p{N}])/iu.test(label)) return 'async';
  if (/(?:^|[^\p{L}\p{N}])sync(?:hronous)?(?![\p{L}\p{N}])/iu.test(label)) return 'sync';
  return undefined;
}

const REPLICATION_WORD = /(?:^|[^\p{L}\p{N}])(?:replication|repl|replicates?|replicated|replicating)(?![\p{L}\p{N}])/iu;

function assemble(raw: RawDiagram, text: string): Design {
  const groupIds = new Set(raw.groups.map((g) => g.id));
  const ann = readAnnotations(raw.comments, { nodes: raw.nodeIds, groups: groupIds, nodeNoun: raw.nodeNoun, groupNoun: raw.groupNoun });
  const annotated = ann.nodeAttributes.size > 0 || ann.ranges.size > 0;

  // Groups, with parents that exist and no cycles.
  const groups: Group[] = [];
  const groupById = new Map<string, Group>();
  for (const g of raw.groups) {
    if (groupById.has(g.id)) continue;
    const kind: GroupKind = ann.groupKinds.get(g.id) ?? (isRegion(g.id) || isRegion(g.label) ? 'region' : 'group');
    const group: Group = { id: g.id, label: g.label, kind, members: [], range: g.range };
    if (g.parent !== undefined) group.parent = g.parent;
    groups.push(group);
    groupById.set(g.id, group);
  }
  for (const g of groups) {
    const seen = new Set<string>([g.id]);
    for (let p = g.parent; p !== undefined; p = groupById.get(p)?.parent) {
      if (seen.has(p) || !groupById.has(p)) {
        delete g.parent;
        break;
      }
      seen.add(p);
    }
  }
  const regionOf = new Map<string, string | undefined>();
  for (const group of groups) {
    let region: string | undefined;
    for (let g: string | undefined = group.id; g !== undefined; g = groupById.get(g)?.parent) {
      if (groupById.get(g)?.kind === 'region') {
        region = g;
        break;
      }
    }
    regionOf.set(group.id, region);
  }

  // Components.
  const components: Component[] = [];
  const byId = new Map<string, Component>();
  const connectors = new Set<string>();
  for (const n of raw.nodes) {
    if (byId.has(n.id)) continue;
    const attributes: NodeAttributes = (annotated && ann.nodeAttributes.get(n.id)) || {};
    const connector = n.connector && attributes.kind === undefined;
    const inferred = connector
      ? { kind: 'unknown' as const, reason: 'a junction: calls pass through it', source: 'none' as const }
      : inferKind({ id: n.id, label: n.label, classes: n.classes, icon: n.icon, shape: n.shape, annotated: attributes.kind });
    const label = n.label ?? n.id;
    const c: Component = {
      id: n.id,
      label,
      kind: inferred.kind,
      kindReason: inferred.reason,
      kindSource: inferred.source,
      instances: attributes.replicas ?? (n.label !== undefined ? instancesFromLabel(n.label) : undefined) ?? 1,
      classes: n.classes,
      attributes,
      range: n.range,
      occurrences: n.occurrences,
      annotationRanges: (annotated && ann.ranges.get(n.id)) || [],
    };
    if (n.shape !== undefined) c.shape = n.shape;
    if (n.icon !== undefined) c.icon = n.icon;
    const group = groups.length > 0 ? raw.memberOf.get(n.id) : undefined;
    if (group !== undefined && groupById.has(group)) {
      c.group = group;
      const region = regionOf.get(group);
      if (region !== undefined) c.region = region;
    }
    if (connector) connectors.add(n.id);
    components.push(c);
    byId.set(n.id, c);
  }

  const links = buildLinks(raw.edges, byId, connectors, groupById);
  assignRoles(components, links);

  // Direct members: components in source order, then child groups.
  for (const c of components) if (c.group !== undefined) groupById.get(c.group)!.members.push(c.id);
  for (const child of groups) if (child.parent !== undefined) groupById.get(child.parent)!.members.push(child.id);

  const disabled = new Set(ann.disabledRules);
  const findings = [...raw.errors, ...ann.findings].filter((f) => !disabled.has(f.rule)).sort((x, y) => comparePos(x.range, y.range));

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

  function isRegion(s: string): boolean {
    return isRegionWord(s) !== undefined || REGION_CODE.test(s);
  }
}

/** One end pair of an edge after subgraph ends are replaced by their members. */
interface HalfLink {
  a: string;
  b: string;
  edge: RawEdge;
}

function buildLinks(
  edges: readonly RawEdge[],
  byId: ReadonlyMap<string, Component>,
  connectors: ReadonlySet<string>,
  groupById: ReadonlyMap<string, Group>,
): Link[] {
  const links: Link[] = [];
  const pairs: HalfLink[] = [];
  const groupEdges: RawEdge[] = [];
  for (const e of edges) {
    const aNode = byId.has(e.a);
    const bNode = byId.has(e.b);
    if (aNode && bNode) pairs.push({ a: e.a, b: e.b, edge: e });
    else if ((aNode || groupById.has(e.a)) && (bNode || groupById.has(e.b))) groupEdges.push(e);
  }

  // An edge to a subgraph reaches its entry points (members nothing else in it calls); an edge
  // from a subgraph leaves from its exits (members that call nothing else in it).
  if (groupEdges.length > 0) {
    const within = groupInternals(pairs, byId, connectors, groupById);
    for (const e of groupEdges) {
      const as = byId.has(e.a) ? [e.a] : within(e.a).exits;
      const bs = byId.has(e.b) ? [e.b] : within(e.b).entries;
      for (const a of as) for (const b of bs) if (a !== b) pairs.push({ a, b, edge: e });
    }
  }

  // Junctions: the components attached to one cluster of connected junctions reach each other.
  const hub = new UnionFind();
  const attachments = new Map<string, { id: string; role: 'in' | 'out' | 'both'; edge: RawEdge }[]>();
  const attach = (junction: string, id: string, role: 'in' | 'out' | 'both', edge: RawEdge) => {
    const list = attachments.get(junction);
    const entry = { id, role, edge };
    if (list) list.push(entry);
    else attachments.set(junction, [entry]);
  };
  const viaJunction: HalfLink[] = [];
  const anyJunction = connectors.size > 0;
  for (const p of pairs) {
    const aj = anyJunction && connectors.has(p.a);
    const bj = anyJunction && connectors.has(p.b);
    if (!aj && !bj) {
      links.push(makeLink(p.a, p.b, p.edge, byId));
    } else {
      viaJunction.push(p);
      if (aj && bj) hub.union(p.a, p.b);
    }
  }
  for (const p of viaJunction) {
    const aj = connectors.has(p.a);
    const bj = connectors.has(p.b);
    if (aj && bj) continue;
    const d = p.edge.direction;
    if (bj) attach(p.b, p.a, d === 'forward' ? 'in' : d === 'backward' ? 'out' : 'both', p.edge);
    else attach(p.a, p.b, d === 'forward' ? 'out' : d === 'backward' ? 'in' : 'both', p.edge);
  }
  const clusters = new Map<string, { id: string; role: 'in' | 'out' | 'both'; edge: RawEdge }[]>();
  for (const [junction, list] of attachments) {
    const root = hub.find(junction);
    const all = clusters.get(root);
    if (all) all.push(...list);
    else clusters.set(root, [...list]);
  }
  for (const list of clusters.values()) {
    list.sort((x, y) => comparePos(x.edge.range, y.edge.range));
    const seen = new Set<string>();
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const x = list[i]!;
        const y = list[j]!;
        if (x.id === y.id) continue;
        let from: typeof x | undefined;
        let to: typeof x | undefined;
        if ((x.role === 'in' || x.role === 'both') && y.role === 'out') [from, to] = [x, y];
        else if (x.role === 'out' && (y.role === 'in' || y.role === 'both')) [from, to] = [y, x];
        else if (x.role === 'in' && y.role === 'both') [from, to] = [x, y];
        else if (x.role === 'both' && y.role === 'in') [from, to] = [y, x];
        else if (x.role === 'both' && y.role === 'both') [from, to] = [x, y];
        if (!from || !to) continue;
        const undirected = from.role === 'both' && to.role === 'both';
        const link = undirected
          ? makeLink(from.id, to.id, { ...from.edge, direction: 'none' }, byId)
          : makeLink(from.id, to.id, { ...from.edge, direction: 'forward' }, byId);
        // The link is drawn by the caller's edge; keep that edge's own arrow for display.
        link.arrow = from.edge.arrow;
        const key = `${link.from}\u0000${link.to}`;
        if (seen.has(key)) continue;
        seen.add(key);
        links.push(link);
      }
    }
  }
  return links;
}

/** Entry and exit members of each subgraph, from the edges between its own components. */
function groupInternals(
  pairs: readonly HalfLink[],
  byId: ReadonlyMap<string, Component>,
  connectors: ReadonlySet<string>,
  groupById: ReadonlyMap<string, Group>,
): (groupId: string) => { entries: string[]; exits: string[] } {
  const cache = new Map<string, { entries: string[]; exits: string[] }>();
  const inside = (id: string, groupId: string): boolean => {
    const seen = new Set<string>();
    for (let g = byId.get(id)?.group; g !== undefined && !seen.has(g); g = groupById.get(g)?.parent) {
      if (g === groupId) return true;
      seen.add(g);
    }
    return false;
  };
  return (groupId) => {
    const hit = cache.get(groupId);
    if (hit) return hit;
    const members = [...byId.values()].filter((c) => !connectors.has(c.id) && inside(c.id, groupId)).map((c) => c.id);
    const set = new Set(members);
    const called = new Set<string>();
    const calling = new Set<string>();
    for (const p of pairs) {
      if (!set.has(p.a) || !set.has(p.b) || p.a === p.b) continue;
      const [from, to] = p.edge.direction === 'backward' ? [p.b, p.a] : [p.a, p.b];
      called.add(to);
      calling.add(from);
    }
    const entries = members.filter((m) => !called.has(m));
    const exits = members.filter((m) => !calling.has(m));
    const result = { entries: entries.length > 0 ? entries : members, exits: exits.length > 0 ? exits : members };
    cache.set(groupId, result);
    return result;
  };
}

/** Orients one edge between two components and decides whether it is a call or replication. */
function makeLink(a: string, b: string, edge: RawEdge, byId: ReadonlyMap<string, Component>): Link {
  const ca = byId.get(a)!;
  const cb = byId.get(b)!;
  let [from, to] = [ca, cb];
  if (edge.direction === 'backward') [from, to] = [cb, ca];
  else if (edge.direction === 'none' || edge.direction === 'both') {
    const ra = RANK.get(ca.kind);
    const rb = RANK.get(cb.kind);
    if (ra !== undefined && rb !== undefined && rb < ra) [from, to] = [cb, ca];
  }
  const mode = replicationMode(edge.label);
  const replication =
    (from.kind === 'database' && to.kind === 'database') ||
    REPLICATION_WORD.test(edge.label) ||
    (mode !== undefined && !CALLER_KINDS.has(from.kind));
  if (replication && (edge.direction === 'none' || edge.direction === 'both')) {
    // Undirected replication flows from the primary to the replica when the labels say which is which.
    const aReplica = replicaWord(ca.label) !== undefined;
    const bReplica = replicaWord(cb.label) !== undefined;
    const aPrimary = primaryWord(ca.label) !== undefined;
    const bPrimary = primaryWord(cb.label) !== undefined;
    if ((aReplica && !bReplica) || (bPrimary && !aPrimary)) [from, to] = [cb, ca];
    else [from, to] = [ca, cb];
  }
  const link: Link = {
    id: edge.id,
    from: from.id,
    to: to.id,
    kind: replication ? 'replication' : 'call',
    label: edge.label,
    arrow: edge.arrow,
    stroke: edge.stroke,
    range: edge.range,
  };
  if (replication) link.mode = mode ?? 'async';
  return link;
}

/**
 * Replication edges point at replicas; the components they only leave are primaries. A
 * two-headed replication edge (`<-->`) is multi-primary: both ends are primaries. Without
 * edges, a data store's label may still say which it is (`Orders replica`, `Primary DB`).
 */
function assignRoles(components: Component[], links: readonly Link[]): void {
  const pointedAt = new Set<string>();
  const leaves = new Set<string>();
  for (const l of links) {
    if (l.kind !== 'replication') continue;
    if (l.arrow.startsWith('double_')) {
      leaves.add(l.from);
      leaves.add(l.to);
    } else {
      pointedAt.add(l.to);
      leaves.add(l.from);
    }
  }
  for (const c of components) {
    const labelled = DATA_KINDS.has(c.kind);
    if (pointedAt.has(c.id) || (labelled && replicaWord(c.label) !== undefined)) c.role = 'replica';
    else if (leaves.has(c.id) || (labelled && primaryWord(c.label) !== undefined)) c.role = 'primary';
  }
}

class UnionFind {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let root = x;
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) root = p;
    // Path compression keeps long junction chains cheap.
    for (let y = x; y !== root; ) {
      const next = this.parent.get(y)!;
      this.parent.set(y, root);
      y = next;
    }
    return root;
  }
  union(x: string, y: string): void {
    const rx = this.find(x);
    const ry = this.find(y);
    if (rx !== ry) this.parent.set(rx, ry);
  }
}

function groupDepths(groups: readonly RawGroup[]): Map<string, number> {
  const parent = new Map(groups.map((g) => [g.id, g.parent]));
  const depth = new Map<string, number>();
  for (const g of groups) {
    let d = 0;
    const seen = new Set<string>([g.id]);
    for (let p = g.parent; p !== undefined && !seen.has(p); p = parent.get(p)) {
      seen.add(p);
      d++;
    }
    depth.set(g.id, d);
  }
  return depth;
}

export function comparePos(a: Range, b: Range): number {
  return a.start.line - b.start.line || a.start.character - b.start.character;
}

/** The range covering all of `text`, in the coordinates VS Code uses (CRLF, LF and CR all end a line). */
export function wholeText(text: string): Range {
  const lines = text.split(/\r\n|\r|\n/);
  return { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1]!.length } };
}
