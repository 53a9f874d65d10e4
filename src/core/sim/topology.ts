/**
 * Design -> the graph the simulator runs: every instance of every component is a node with an
 * integer id, regions become latency places, databases joined by replication links become
 * clusters, and each component gets the static part of its request-handling plan (which
 * drawn edges it calls for what). docs/simulator.md describes the model in words.
 */
import type { Component, ComponentKind, Design, ReplicationMode } from '../design/types';

/** How a node behaves, from its kind. */
export const Behaviour = {
  /** Forwards a request to one of its targets: client, dns, cdn, load-balancer, gateway. */
  Router: 0,
  /** Does work with a concurrency limit, then calls its dependencies: service, worker, search, object-store, unknown. */
  Server: 1,
  Database: 2,
  Cache: 3,
  Queue: 4,
  /** Takes no traffic: monitor. */
  Inert: 5,
} as const;
export type Behaviour = (typeof Behaviour)[keyof typeof Behaviour];

export interface TopoComponent {
  index: number;
  id: string;
  label: string;
  kind: ComponentKind;
  behaviour: Behaviour;
  /** Node ids of its instances, in order. */
  nodes: number[];
  /** Index into `regions`, or -1 when the component sits in no region. */
  region: number;
  /** Call targets (component indices) in the order the edges were drawn, monitors and self-loops left out. */
  targets: number[];
  attributes: Component['attributes'];
  /** Database components: their cluster. */
  cluster: number;
  // Router data ---------------------------------------------------------------------------
  /** Routers: the targets a request can usefully go on to (no dead ends). */
  routes: number[];
  /** Load balancers / dns / gateways that health-check their targets (per the design). */
  designHealthChecks: boolean;
  // Server data ---------------------------------------------------------------------------
  /** Servers: plain dependency calls made for every request (services, workers, internal LBs). */
  deps: number[];
  /** Of `deps`, those that lead on to data; the data operation travels through one of them. */
  dataDeps: number[];
  cache: number;
  queue: number;
  /** Database clusters the component reads and writes (keys are sharded across them). */
  clusters: number[];
  /** Queues: the worker components that consume them. */
  consumers: number[];
  /** The component's outgoing calls go through circuit breakers. */
  breaker: boolean;
}

export interface TopoNode {
  id: string;
  component: number;
  /** 0-based instance number within the component. */
  instance: number;
}

export interface Cluster {
  index: number;
  /** The primary component's id: the name the cluster goes by. */
  id: string;
  /** Database node ids; members[0] is the initial leader. */
  members: number[];
  components: number[];
  /** The strongest replication mode drawn on the cluster's links (async when none). */
  drawnMode: ReplicationMode;
  /**
   * Per member (aligned with `members`): the mode of the replication link drawn into its
   * component (the strongest if several; async when none, e.g. instances of the primary).
   */
  memberModes: ReplicationMode[];
  /** `failover=auto` on the primary. */
  autoFailover: boolean;
}

export interface Topology {
  components: TopoComponent[];
  nodes: TopoNode[];
  clusters: Cluster[];
  /** Region group ids, in design order. */
  regions: string[];
  /**
   * Per region: the region it is an availability zone of (index), -2 for a zone with no
   * enclosing region, -1 for a region that is not a zone. Zones of the same region are a
   * short hop apart, not a cross-region one.
   */
  zoneOf: number[];
  /** Group id (any group) -> components inside it, nested groups included. */
  groupMembers: Map<string, number[]>;
  componentIndex: Map<string, number>;
  /** Instance name (`api`, `api#2`) -> node id. */
  nodeIndex: Map<string, number>;
  /** Components whose kind is client and that reach something. */
  clients: number[];
}

const ROUTER_KINDS = new Set<ComponentKind>(['client', 'dns', 'cdn', 'load-balancer', 'gateway']);

function behaviourOf(kind: ComponentKind): Behaviour {
  if (ROUTER_KINDS.has(kind)) return Behaviour.Router;
  if (kind === 'database') return Behaviour.Database;
  if (kind === 'cache') return Behaviour.Cache;
  if (kind === 'queue') return Behaviour.Queue;
  if (kind === 'monitor') return Behaviour.Inert;
  return Behaviour.Server;
}

const MODE_STRENGTH: Record<ReplicationMode, number> = { async: 0, 'semi-sync': 1, sync: 2 };

/** Node name for an instance: the component id when it has one instance, `id#n` (1-based) otherwise. */
export function instanceName(componentId: string, instance: number, instances: number): string {
  return instances === 1 ? componentId : `${componentId}#${instance + 1}`;
}

export function buildTopology(design: Design): Topology {
  const componentIndex = new Map<string, number>();
  const regions: string[] = [];
  const regionIndex = new Map<string, number>();
  for (const g of design.groups) {
    if (g.kind === 'region' && !regionIndex.has(g.id)) {
      regionIndex.set(g.id, regions.length);
      regions.push(g.id);
    }
  }

  const components: TopoComponent[] = [];
  const nodes: TopoNode[] = [];
  const nodeIndex = new Map<string, number>();
  for (const c of design.components) {
    if (componentIndex.has(c.id)) continue;
    const index = components.length;
    componentIndex.set(c.id, index);
    const instances = Math.max(1, Math.min(1000, Math.floor(Number.isFinite(c.instances) ? c.instances : 1)));
    const ids: number[] = [];
    for (let i = 0; i < instances; i++) {
      const name = instanceName(c.id, i, instances);
      nodeIndex.set(name, nodes.length);
      ids.push(nodes.length);
      nodes.push({ id: name, component: index, instance: i });
    }
    components.push({
      index,
      id: c.id,
      label: c.label,
      kind: c.kind,
      behaviour: behaviourOf(c.kind),
      nodes: ids,
      region: c.region !== undefined && regionIndex.has(c.region) ? regionIndex.get(c.region)! : -1,
      targets: [],
      attributes: c.attributes ?? {},
      cluster: -1,
      routes: [],
      designHealthChecks: false,
      deps: [],
      dataDeps: [],
      cache: -1,
      queue: -1,
      clusters: [],
      consumers: [],
      breaker: Boolean(c.attributes?.breaker),
    });
  }

  // Replication links join databases into clusters (union-find); call links become targets.
  const parent = components.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const replicationIn = new Set<number>();
  const replicationOut = new Set<number>();
  const linkModes: { a: number; b: number; mode: ReplicationMode }[] = [];
  for (const l of design.links) {
    const a = componentIndex.get(l.from);
    const b = componentIndex.get(l.to);
    if (a === undefined || b === undefined || a === b) continue;
    const ca = components[a]!;
    const cb = components[b]!;
    if (l.kind === 'replication') {
      if (ca.behaviour === Behaviour.Database && cb.behaviour === Behaviour.Database) {
        parent[find(a)] = find(b);
        replicationOut.add(a);
        replicationIn.add(b);
        linkModes.push({ a, b, mode: l.mode ?? 'async' });
      }
      continue;
    }
    if (cb.behaviour === Behaviour.Inert || ca.behaviour === Behaviour.Inert) continue;
    if (!ca.targets.includes(b)) ca.targets.push(b);
  }

  // Clusters, in the order their first database appears.
  const clusters: Cluster[] = [];
  const clusterOfRoot = new Map<number, number>();
  for (const c of components) {
    if (c.behaviour !== Behaviour.Database) continue;
    const root = find(c.index);
    let ci = clusterOfRoot.get(root);
    if (ci === undefined) {
      ci = clusters.length;
      clusterOfRoot.set(root, ci);
      clusters.push({ index: ci, id: c.id, members: [], components: [], drawnMode: 'async', memberModes: [], autoFailover: false });
    }
    clusters[ci]!.components.push(c.index);
    c.cluster = ci;
  }
  for (const cl of clusters) {
    const roleOf = (i: number) => design.components.find((d) => d.id === components[i]!.id)?.role;
    // The primary: the component marked primary, else the one replication leaves and nothing enters.
    const primary =
      cl.components.find((i) => roleOf(i) === 'primary') ??
      cl.components.find((i) => replicationOut.has(i) && !replicationIn.has(i)) ??
      cl.components.find((i) => roleOf(i) !== 'replica') ??
      cl.components[0]!;
    const ordered = [primary, ...cl.components.filter((i) => i !== primary)];
    cl.components = ordered;
    cl.id = components[primary]!.id;
    cl.members = ordered.flatMap((i) => components[i]!.nodes);
    cl.autoFailover = components[primary]!.attributes.failover === 'auto';
    const into = new Map<number, ReplicationMode>();
    for (const m of linkModes) {
      if (components[m.a]!.cluster !== cl.index) continue;
      if (MODE_STRENGTH[m.mode] > MODE_STRENGTH[cl.drawnMode]) cl.drawnMode = m.mode;
      const prev = into.get(m.b);
      if (prev === undefined || MODE_STRENGTH[m.mode] > MODE_STRENGTH[prev]) into.set(m.b, m.mode);
    }
    cl.memberModes = ordered.flatMap((i) => components[i]!.nodes.map(() => into.get(i) ?? 'async'));
  }

  // Queues: consumers are workers linked either way (queue --> worker pushes, worker --> queue polls).
  for (const q of components) {
    if (q.behaviour !== Behaviour.Queue) continue;
    for (const t of q.targets) if (components[t]!.behaviour === Behaviour.Server && !q.consumers.includes(t)) q.consumers.push(t);
    for (const w of components) {
      if (w.behaviour === Behaviour.Server && w.targets.includes(q.index) && w.kind === 'worker' && !q.consumers.includes(w.index)) {
        q.consumers.push(w.index);
      }
    }
  }

  // Which components lead on to something that serves a request (routers need a way on).
  const serves = memo(components, (c, rec) => {
    if (c.behaviour === Behaviour.Inert) return false;
    if (c.behaviour !== Behaviour.Router) return true;
    return c.targets.some((t) => rec(t));
  });
  // Which components lead on to data (a database, cache or queue), through servers and routers.
  const leadsToData = memo(components, (c, rec) => {
    if (c.behaviour === Behaviour.Database || c.behaviour === Behaviour.Cache || c.behaviour === Behaviour.Queue) return true;
    if (c.behaviour === Behaviour.Inert) return false;
    return c.targets.some((t) => rec(t));
  });

  for (const c of components) {
    if (c.behaviour === Behaviour.Router) {
      c.routes = c.targets.filter((t) => serves(t));
      const lbLike = c.kind === 'load-balancer' || c.kind === 'gateway';
      c.designHealthChecks =
        c.attributes.health !== undefined ||
        (lbLike && c.routes.some((t) => components[t]!.attributes.health !== undefined));
    }
    if (c.behaviour === Behaviour.Server) {
      for (const t of c.targets) {
        const tc = components[t]!;
        if (tc.behaviour === Behaviour.Cache) {
          if (c.cache < 0) c.cache = t;
          // A read-through cache drawn in front of a database: the data lives in that database.
          for (const d of tc.targets) {
            const dc = components[d]!;
            if (dc.behaviour === Behaviour.Database && !c.clusters.includes(dc.cluster)) c.clusters.push(dc.cluster);
          }
        } else if (tc.behaviour === Behaviour.Database) {
          if (!c.clusters.includes(tc.cluster)) c.clusters.push(tc.cluster);
        } else if (tc.behaviour === Behaviour.Queue) {
          // A worker's edge to its own queue means it consumes from it, not that it enqueues.
          if (c.kind === 'worker' && tc.consumers.includes(c.index)) continue;
          if (c.queue < 0) c.queue = t;
        } else if (tc.behaviour === Behaviour.Server || (tc.behaviour === Behaviour.Router && serves(t))) {
          if (c.kind !== 'worker' || tc.behaviour !== Behaviour.Server || !isConsumerOf(components, c.index, t)) c.deps.push(t);
        }
      }
      c.dataDeps = c.deps.filter((t) => leadsToData(t));
    }
  }
  // Dependency cycles would loop forever: drop the edges that close one (depth-first from each server).
  breakCycles(components);

  const groupMembers = new Map<string, number[]>();
  const byId = new Map(design.groups.map((g) => [g.id, g]));
  const collect = (gid: string, seen: Set<string>): number[] => {
    if (seen.has(gid)) return [];
    seen.add(gid);
    const g = byId.get(gid);
    if (!g) return [];
    const out: number[] = [];
    for (const m of g.members) {
      const ci = componentIndex.get(m);
      if (ci !== undefined) out.push(ci);
      else if (byId.has(m)) out.push(...collect(m, seen));
    }
    return out;
  };
  for (const g of design.groups) groupMembers.set(g.id, collect(g.id, new Set()));
  // Components also name their group directly; trust that as well (members lists may be partial).
  for (const c of design.components) {
    const ci = componentIndex.get(c.id);
    if (ci === undefined) continue;
    const seen = new Set<string>();
    for (let gid = c.group; gid !== undefined && !seen.has(gid); gid = byId.get(gid)?.parent) {
      seen.add(gid);
      const list = groupMembers.get(gid);
      if (list && !list.includes(ci)) list.push(ci);
    }
  }

  const clients = components.filter((c) => c.kind === 'client' && c.routes.length > 0).map((c) => c.index);
  const byGroup = new Map(design.groups.map((g) => [g.id, g]));
  const zoneOf = regions.map((id) => {
    const g = byGroup.get(id)!;
    if (!isZone(g.id, g.label)) return -1;
    const seen = new Set<string>([id]);
    for (let p = g.parent; p !== undefined && !seen.has(p); p = byGroup.get(p)?.parent) {
      seen.add(p);
      const pg = byGroup.get(p);
      if (pg && pg.kind === 'region' && !isZone(pg.id, pg.label)) return regionIndex.get(p) ?? -2;
    }
    return -2;
  });
  return { components, nodes, clusters, regions, zoneOf, groupMembers, componentIndex, nodeIndex, clients };
}

/** An availability zone rather than a region: `AZ`, `zone` in its name, or a cloud zone name (`us-east-1a`, `europe-west4-b`). */
export function isZone(id: string, label: string): boolean {
  const words = `${id} ${label}`;
  return /(^|[^a-z0-9])(az|azs|zone|zones|availability[ _-]zone)(\d*)($|[^a-z])/i.test(words) || /\b[a-z]+-[a-z]+-?\d+-?[a-z]\b/i.test(words);
}

function isConsumerOf(components: TopoComponent[], worker: number, target: number): boolean {
  return components[target]!.behaviour === Behaviour.Queue && components[target]!.consumers.includes(worker);
}

function memo(components: TopoComponent[], f: (c: TopoComponent, rec: (i: number) => boolean) => boolean): (i: number) => boolean {
  const state = new Int8Array(components.length); // 0 unknown, 1 visiting, 2 false, 3 true
  const rec = (i: number): boolean => {
    if (state[i] === 3) return true;
    if (state[i] === 2 || state[i] === 1) return false;
    state[i] = 1;
    const v = f(components[i]!, rec);
    state[i] = v ? 3 : 2;
    return v;
  };
  return rec;
}

function breakCycles(components: TopoComponent[]): void {
  const color = new Int8Array(components.length);
  const next = (c: TopoComponent) => (c.behaviour === Behaviour.Router ? c.routes : c.behaviour === Behaviour.Server ? c.deps : []);
  const visit = (i: number) => {
    color[i] = 1;
    const c = components[i]!;
    for (const t of [...next(c)]) {
      if (color[t] === 1) {
        c.routes = c.routes.filter((x) => x !== t);
        c.deps = c.deps.filter((x) => x !== t);
        c.dataDeps = c.dataDeps.filter((x) => x !== t);
      } else if (color[t] === 0) visit(t);
    }
    color[i] = 2;
  };
  for (const c of components) if (color[c.index] === 0 && c.kind === 'client') visit(c.index);
  for (const c of components) if (color[c.index] === 0) visit(c.index);
}
