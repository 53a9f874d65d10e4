/**
 * The design as a graph, computed once per lint and shared by every rule: who calls whom,
 * which components stand in for each other (stages), and what each client reaches.
 *
 * Components are numbered by their position in `design.components`; lists of numbers keep the
 * analysis linear and free of lookups keyed by user text (ids such as `__proto__` are fine).
 */
import type { Component, ComponentKind, Design, Link } from '../design/types';

/** Kinds that are not part of the system a client needs: the user's device, observers, and what inference could not name. */
const NOT_NEEDED = new Set<ComponentKind>(['client', 'monitor', 'unknown']);
/** Routing layers: two of the same kind called by the same callers are alternatives (a caller uses either). */
const ROUTING_KINDS = new Set<ComponentKind>(['dns', 'cdn', 'load-balancer', 'gateway']);
/** Stateless compute: two with the same callers stand in for each other when they are drawn as copies (same label). */
const COMPUTE_KINDS = new Set<ComponentKind>(['service', 'worker']);

export type StageRedundancy = 'none' | 'instances' | 'peers' | 'failover';

/**
 * A set of components that stand in for each other: it works while any member works. One
 * component alone, parallel peers, or a primary database with its replicas and automatic failover.
 */
export interface Stage {
  index: number;
  /** Component indices in source order; the first is the stage's name in messages. */
  members: number[];
  kind: ComponentKind;
  /** Index into `regions` when every member sits in that one region; undefined = global. */
  region: number | undefined;
  redundancy: StageRedundancy;
}

/** Where requests come from: a client (or clients with identical first hops), or the design's sources when it draws no client. */
export interface Entry {
  /** For messages: the clients' labels, or (no client drawn) the labels of the components requests start at. */
  name: string;
  /** The clients this entry stands for (empty when the design draws none). */
  clients: number[];
  /** The first components requests reach. */
  starts: number[];
  /** Every component reached by calls from `starts` (clients and monitors are not entered). */
  reached: number[];
  /** Stages with a reached member that is needed, in stage order. */
  stages: number[];
  /** Regions that hold a reached regional stage. */
  regions: number[];
}

export class DesignGraph {
  readonly components: readonly Component[];
  readonly size: number;
  readonly indexOf: ReadonlyMap<string, number>;
  /** Distinct call targets, no self calls. */
  readonly callees: readonly (readonly number[])[];
  readonly callers: readonly (readonly number[])[];
  /** Outgoing call links as drawn (for related locations and fixes). */
  readonly callLinks: readonly (readonly Link[])[];
  readonly replicationOut: readonly (readonly Link[])[];
  readonly replicationIn: readonly (readonly Link[])[];
  /** Instances that count for redundancy: `instances`, and at least two for a load balancer with a `mode` (a pair). */
  readonly instances: number[];
  readonly regionIds: string[];
  /** Region index per component, -1 outside any region. */
  readonly regionOf: Int32Array;
  readonly stages: Stage[];
  readonly stageOf: Int32Array;
  readonly entries: Entry[];
  readonly clientIndices: number[];

  constructor(readonly design: Design) {
    const comps = design.components;
    this.components = comps;
    const n = comps.length;
    this.size = n;
    const indexOf = new Map<string, number>();
    comps.forEach((c, i) => {
      if (!indexOf.has(c.id)) indexOf.set(c.id, i);
    });
    this.indexOf = indexOf;

    // Lists are allocated only for the nodes that have entries, and calls are deduplicated with a
    // stamp per caller rather than a set of pairs: this runs on every keystroke.
    const callLinks: (Link[] | undefined)[] = new Array(n);
    const replicationOut: (Link[] | undefined)[] = new Array(n);
    const replicationIn: (Link[] | undefined)[] = new Array(n);
    const targets: (number[] | undefined)[] = new Array(n);
    for (const link of design.links) {
      const a = indexOf.get(link.from);
      const b = indexOf.get(link.to);
      if (a === undefined || b === undefined || a === b) continue;
      if (link.kind === 'replication') {
        (replicationOut[a] ??= []).push(link);
        (replicationIn[b] ??= []).push(link);
      } else {
        (callLinks[a] ??= []).push(link);
        (targets[a] ??= []).push(b);
      }
    }
    const callees: (number[] | undefined)[] = new Array(n);
    const callers: (number[] | undefined)[] = new Array(n);
    const stamp = new Int32Array(n).fill(-1);
    for (let a = 0; a < n; a++) {
      const to = targets[a];
      if (!to) continue;
      for (const b of to) {
        if (stamp[b] === a) continue;
        stamp[b] = a;
        (callees[a] ??= []).push(b);
        (callers[b] ??= []).push(a);
      }
    }
    this.callLinks = filled(callLinks);
    this.replicationOut = filled(replicationOut);
    this.replicationIn = filled(replicationIn);
    this.callees = filled(callees);
    this.callers = filled(callers);

    this.instances = comps.map((c) =>
      c.kind === 'load-balancer' && c.attributes.mode !== undefined ? Math.max(2, c.instances) : Math.max(1, c.instances),
    );

    this.regionIds = [];
    const regionIndex = new Map<string, number>();
    this.regionOf = new Int32Array(n).fill(-1);
    comps.forEach((c, i) => {
      if (c.region === undefined || NOT_NEEDED.has(c.kind)) return;
      let r = regionIndex.get(c.region);
      if (r === undefined) {
        r = this.regionIds.length;
        regionIndex.set(c.region, r);
        this.regionIds.push(c.region);
      }
      this.regionOf[i] = r;
    });

    this.stageOf = new Int32Array(n).fill(-1);
    this.stages = this.buildStages();
    this.clientIndices = [];
    comps.forEach((c, i) => {
      if (c.kind === 'client') this.clientIndices.push(i);
    });
    this.entries = this.buildEntries();
  }

  isNeeded(i: number): boolean {
    return !NOT_NEEDED.has(this.components[i]!.kind);
  }

  /** The component keeps working when one instance fails: several instances, or a primary that fails over to its replicas. */
  isSelfRedundant(i: number): boolean {
    if (this.instances[i]! >= 2) return true;
    const s = this.stageOf[i]!;
    return s >= 0 && this.stages[s]!.redundancy === 'failover' && this.stages[s]!.members[0] === i;
  }

  /** Something takes over when one copy fails: a second instance, or a parallel copy in its stage. */
  hasBackup(i: number): boolean {
    return this.instances[i]! >= 2 || (this.stage(i)?.members.length ?? 1) >= 2;
  }

  /** The stage of a component, or undefined for clients, monitors and unknown nodes. */
  stage(i: number): Stage | undefined {
    const s = this.stageOf[i]!;
    return s >= 0 ? this.stages[s] : undefined;
  }

  /** Databases a primary replicates to, following chains (`a -> b -> c`). */
  replicasOf(primary: number): number[] {
    const out: number[] = [];
    const seen = new Set<number>([primary]);
    const stack = [primary];
    while (stack.length > 0) {
      const p = stack.pop()!;
      for (const link of this.replicationOut[p]!) {
        const r = this.indexOf.get(link.to)!;
        if (seen.has(r)) continue;
        seen.add(r);
        out.push(r);
        stack.push(r);
      }
    }
    return out.sort((x, y) => x - y);
  }

  private buildStages(): Stage[] {
    const comps = this.components;
    const n = this.size;
    const groupOf = new Int32Array(n).fill(-1);
    const groups: { members: number[]; redundancy: StageRedundancy }[] = [];

    // A primary with automatic failover and its replicas are one stage: a replica takes over.
    for (let i = 0; i < n; i++) {
      const c = comps[i]!;
      if (c.role !== 'primary' || c.attributes.failover !== 'auto' || groupOf[i]! >= 0) continue;
      const replicas = this.replicasOf(i).filter((r) => groupOf[r]! < 0 && this.isNeeded(r));
      if (replicas.length === 0) continue;
      const g = groups.length;
      groups.push({ members: [i, ...replicas], redundancy: 'failover' });
      groupOf[i] = g;
      for (const r of replicas) groupOf[r] = g;
    }

    // Parallel peers: same kind, same region, same callers; compute nodes also need the same label.
    const buckets = new Map<string, number[]>();
    for (let i = 0; i < n; i++) {
      const c = comps[i]!;
      if (groupOf[i]! >= 0 || !this.isNeeded(i) || this.callers[i]!.length === 0) continue;
      let key: string;
      if (ROUTING_KINDS.has(c.kind)) key = '';
      else if (COMPUTE_KINDS.has(c.kind)) key = copyLabel(c.label);
      else continue;
      const callers = [...this.callers[i]!].sort((x, y) => x - y).join(',');
      key = `${c.kind}\u0000${this.regionOf[i]}\u0000${callers}\u0000${key}`;
      const list = buckets.get(key);
      if (list) list.push(i);
      else buckets.set(key, [i]);
    }
    for (const members of buckets.values()) {
      if (members.length < 2) continue;
      const g = groups.length;
      groups.push({ members, redundancy: 'peers' });
      for (const m of members) groupOf[m] = g;
    }

    // Stages in source order of their first member.
    const stages: Stage[] = [];
    const stageOfGroup = new Int32Array(groups.length).fill(-1);
    for (let i = 0; i < n; i++) {
      if (!this.isNeeded(i)) continue;
      const g = groupOf[i]!;
      if (g >= 0 && stageOfGroup[g]! >= 0) continue;
      const members = g >= 0 ? [...groups[g]!.members].sort((x, y) => x - y) : [i];
      const redundancy: StageRedundancy =
        g >= 0 ? groups[g]!.redundancy : this.instances[i]! >= 2 ? 'instances' : 'none';
      const r0 = this.regionOf[members[0]!]!;
      const region = r0 >= 0 && members.every((m) => this.regionOf[m] === r0) ? r0 : undefined;
      const stage: Stage = { index: stages.length, members, kind: comps[members[0]!]!.kind, region, redundancy };
      if (g >= 0) stageOfGroup[g] = stage.index;
      for (const m of members) this.stageOf[m] = stage.index;
      stages.push(stage);
    }
    return stages;
  }

  private buildEntries(): Entry[] {
    const comps = this.components;
    const raw: { clients: number[]; starts: number[] }[] = [];
    if (this.clientIndices.length > 0) {
      // Clients with the same first hops reach the same things: analyse them once.
      const byStarts = new Map<string, { clients: number[]; starts: number[] }>();
      for (const c of this.clientIndices) {
        const starts = this.callees[c]!.filter((x) => this.enterable(x)).sort((x, y) => x - y);
        if (starts.length === 0) continue;
        const key = starts.join(',');
        const e = byStarts.get(key);
        if (e) e.clients.push(c);
        else byStarts.set(key, { clients: [c], starts });
      }
      raw.push(...byStarts.values());
    } else {
      // No client drawn: requests start at the components nothing calls.
      const starts: number[] = [];
      for (let i = 0; i < this.size; i++) if (this.isNeeded(i) && this.callers[i]!.length === 0) starts.push(i);
      if (starts.length > 0) raw.push({ clients: [], starts });
    }
    const mark = new Int32Array(this.size).fill(-1);
    return raw.map((r, e) => {
      const reached: number[] = [];
      const stack = [...r.starts];
      for (const s of r.starts) mark[s] = e;
      while (stack.length > 0) {
        const v = stack.pop()!;
        reached.push(v);
        for (const w of this.callees[v]!) {
          if (mark[w] === e || !this.enterable(w)) continue;
          mark[w] = e;
          stack.push(w);
        }
      }
      reached.sort((x, y) => x - y);
      const stageSeen = new Set<number>();
      for (const v of reached) {
        const s = this.stageOf[v]!;
        if (s >= 0) stageSeen.add(s);
      }
      const stages = [...stageSeen].sort((x, y) => x - y);
      const regions = [...new Set(stages.map((s) => this.stages[s]!.region).filter((x): x is number => x !== undefined))].sort(
        (x, y) => x - y,
      );
      const name = listNames((r.clients.length > 0 ? r.clients : r.starts).map((c) => comps[c]!.label), 2);
      return { name, clients: r.clients, starts: r.starts, reached, stages, regions };
    });
  }

  /** Requests do not pass through clients (another user's device) or monitors (they watch, they do not serve). */
  private enterable(i: number): boolean {
    const k = this.components[i]!.kind;
    return k !== 'client' && k !== 'monitor';
  }

  label(i: number): string {
    return this.components[i]!.label;
  }

  /** A stage's name for messages: its members' labels. */
  stageName(s: number): string {
    return listNames(
      this.stages[s]!.members.map((m) => this.components[m]!.label),
      2,
    );
  }
}

const NONE: readonly never[] = Object.freeze([]);

/** Holes become one shared empty list: most nodes have no replication links, many no calls. */
function filled<T>(lists: (T[] | undefined)[]): readonly (readonly T[])[] {
  for (let i = 0; i < lists.length; i++) if (lists[i] === undefined) lists[i] = NONE as unknown as T[];
  return lists as T[][];
}

/**
 * A label with what distinguishes copies removed: instance counts, numbers, punctuation.
 * `App server 1` and `App server 2` are copies; `Feed service` and `Post service` are not.
 */
export function copyLabel(label: string): string {
  return label
    .toLowerCase()
    .replace(/[x×]\s?\d+\s*$|\(\s*(?:x\s?)?\d+\s*\)\s*$/u, '')
    .replace(/[^\p{L}]+/gu, ' ')
    .trim();
}

/** `A`, `A and B`, `A, B and 3 more`. */
export function listNames(names: readonly string[], max = 3): string {
  if (names.length === 0) return '';
  if (names.length === 1) return names[0]!;
  if (names.length <= max) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
