/**
 * Scenarios (DESIGN.md §5, documented in docs/scenario.md): what load to put on a design and
 * what to break. Every key is optional; a partial scenario is merged over a preset or the
 * defaults, which come from the design's own `@design` requirements where they say something.
 *
 * Validation never throws: it returns every problem with the path of the field at fault
 * (`faults[1].target`, `workload.rps`), so the CLI and the panel can point at it.
 */
import type { Design } from '../design/types';
import { closest } from '../text/suggest';
import { Behaviour, buildTopology, type Topology } from './topology';

export type ReplicationSetting = 'async' | 'semi-sync' | 'sync' | 'quorum';
export type ReadRouting = 'primary' | 'replica' | 'read-your-writes' | 'quorum';
export type DelayDist = 'exp' | 'const' | 'uniform';
export type FaultKind = 'crash' | 'partition' | 'slow';

/** A random delay: exponential with this mean, constant, or uniform on [0, 2 × mean]. */
export interface Delay {
  mean: number;
  dist: DelayDist;
}

export interface FaultSpec {
  atS: number;
  kind: FaultKind;
  /**
   * A component id (all its instances), an instance (`api#2`), `primary` (the leader of the
   * first database cluster when the fault starts) or `replica` (its first follower).
   */
  target?: string;
  /** Partition sides: region, group or component ids. Traffic between sides is cut. */
  groups?: string[][];
  /** How long it lasts; to the end of the run when absent. */
  forS?: number;
  /** slow: multiplier on the node's service times, message latency and replication lag (default 10). */
  factor?: number;
}

export interface NodeSettings {
  concurrency?: number;
  serviceTimeMs?: Delay;
  queueLimit?: number;
  callTimeoutMs?: number;
}

export interface Scenario {
  seed: number;
  durationS: number;
  workload: {
    /** Client sessions; each has at most one operation outstanding. */
    clients: number;
    /** Target operations per second over all sessions. */
    rps: number;
    readRatio: number;
    keys: number;
    keyDistribution: 'uniform' | 'zipf';
    zipfExponent: number;
    /** How long a client waits before giving up on an operation. */
    timeoutMs: number;
  };
  replication: {
    /** `design`: each cluster uses the mode drawn on its replication links. */
    mode: ReplicationSetting | 'design';
    lagMs: Delay;
    /** Quorum mode: replicas per key, read and write quorums (0 = all members / a majority). */
    n: number;
    r: number;
    w: number;
    /**
     * Quorum mode: `async` answers a read with the newest of its R answers and repairs the older
     * responders in the background; `sync` first writes that value back until W of the key's
     * replicas have it (ABD's write-back), which makes quorum reads and writes linearizable.
     */
    readRepair: 'async' | 'sync';
  };
  reads: ReadRouting;
  readYourWrites: { via: 'primary-window' | 'replica-version'; windowMs: number };
  partitionMode: 'CP' | 'AP';
  /** `design`: automatic failover only where the primary says `failover=auto`. */
  failover: 'design' | 'auto' | 'manual';
  /** Round-trip times. */
  network: { sameRegionMs: number; crossZoneMs: number; crossRegionMs: number; clientMs: number; jitter: number };
  election: { heartbeatMs: number; timeoutMinMs: number; timeoutMaxMs: number };
  healthChecks: { enabled: 'design' | 'on' | 'off'; intervalMs: number; unhealthyThreshold: number; healthyThreshold: number };
  breakers: { enabled: 'design' | 'on' | 'off'; failureThreshold: number; openMs: number };
  cache: { ttlMs: number; invalidateOnWrite: boolean };
  /** Per component id. */
  nodes: Record<string, NodeSettings>;
  faults: FaultSpec[];
}

export interface ScenarioError {
  /** The field at fault, e.g. `faults[0].target`. */
  path: string;
  message: string;
}

export type ScenarioResult = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

/** The most operations one run may issue, so a typo in a rate cannot hang the editor. */
export const MAX_OPERATIONS = 100_000_000;

/** Memory a run may use for per-key state (copies of the key space in every store). */
export const MAX_STATE_BYTES = 512_000_000;

export const PRESET_NAMES = ['steady', 'primary-crash', 'region-partition', 'replica-lag-spike', 'overload'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export const PRESET_DESCRIPTIONS: Record<PresetName, string> = {
  steady: 'the default load, nothing fails',
  'primary-crash': 'the primary database crashes a third into the run (20 s of 60) and restarts a third later',
  'region-partition': 'the first region loses contact with the others for the middle third of the run (or the primary is cut off when no regions are drawn)',
  'replica-lag-spike': 'reads go to replicas, and one replica receives changes 20x slower for the middle third of the run',
  overload: 'offered load at 1.5x what the entry services can serve, for 30 s',
};

/** The overload preset's own length: long enough to saturate, short enough to stay quick. */
const OVERLOAD_DURATION_S = 30;

/** Per-kind defaults for servers and stores: a small instance. */
export const KIND_DEFAULTS: Record<string, Required<NodeSettings>> = {
  service: { concurrency: 32, serviceTimeMs: { mean: 5, dist: 'exp' }, queueLimit: 256, callTimeoutMs: 500 },
  worker: { concurrency: 16, serviceTimeMs: { mean: 10, dist: 'exp' }, queueLimit: 1024, callTimeoutMs: 500 },
  search: { concurrency: 16, serviceTimeMs: { mean: 10, dist: 'exp' }, queueLimit: 256, callTimeoutMs: 500 },
  'object-store': { concurrency: 64, serviceTimeMs: { mean: 20, dist: 'exp' }, queueLimit: 1024, callTimeoutMs: 500 },
  unknown: { concurrency: 32, serviceTimeMs: { mean: 5, dist: 'exp' }, queueLimit: 256, callTimeoutMs: 500 },
  database: { concurrency: 32, serviceTimeMs: { mean: 2, dist: 'exp' }, queueLimit: 1024, callTimeoutMs: 500 },
  cache: { concurrency: 64, serviceTimeMs: { mean: 0.5, dist: 'exp' }, queueLimit: 4096, callTimeoutMs: 500 },
  queue: { concurrency: 32, serviceTimeMs: { mean: 1, dist: 'exp' }, queueLimit: 4096, callTimeoutMs: 500 },
};

const BASE: Omit<Scenario, 'workload'> & { workload: Omit<Scenario['workload'], 'clients'> } = {
  seed: 1,
  durationS: 60,
  workload: { rps: 200, readRatio: 0.9, keys: 10_000, keyDistribution: 'uniform', zipfExponent: 1, timeoutMs: 1000 },
  replication: { mode: 'design', lagMs: { mean: 5, dist: 'exp' }, n: 0, r: 0, w: 0, readRepair: 'async' },
  reads: 'primary',
  readYourWrites: { via: 'primary-window', windowMs: 1000 },
  partitionMode: 'CP',
  failover: 'design',
  network: { sameRegionMs: 1, crossZoneMs: 2, crossRegionMs: 70, clientMs: 20, jitter: 0.1 },
  election: { heartbeatMs: 500, timeoutMinMs: 1500, timeoutMaxMs: 3000 },
  healthChecks: { enabled: 'design', intervalMs: 1000, unhealthyThreshold: 3, healthyThreshold: 2 },
  breakers: { enabled: 'design', failureThreshold: 5, openMs: 5000 },
  cache: { ttlMs: 10000, invalidateOnWrite: true },
  nodes: {},
  faults: [],
};

// --- schema -------------------------------------------------------------------------------

type Spec =
  | { t: 'number'; min?: number; max?: number; int?: boolean; positive?: boolean }
  | { t: 'enum'; values: readonly string[] }
  | { t: 'boolean' }
  | { t: 'delay' }
  | { t: 'object'; fields: Record<string, Spec> }
  | { t: 'nodes' }
  | { t: 'faults' };

const delaySpec: Spec = { t: 'delay' };
const SCHEMA: Record<string, Spec> = {
  preset: { t: 'enum', values: PRESET_NAMES },
  seed: { t: 'number', int: true, min: 0, max: Number.MAX_SAFE_INTEGER },
  durationS: { t: 'number', positive: true, max: 86400 },
  workload: {
    t: 'object',
    fields: {
      clients: { t: 'number', int: true, min: 1, max: 1_000_000 },
      rps: { t: 'number', min: 0, max: 10_000_000 },
      readRatio: { t: 'number', min: 0, max: 1 },
      keys: { t: 'number', int: true, min: 1, max: 10_000_000 },
      keyDistribution: { t: 'enum', values: ['uniform', 'zipf'] },
      zipfExponent: { t: 'number', min: 0, max: 10 },
      timeoutMs: { t: 'number', positive: true },
    },
  },
  replication: {
    t: 'object',
    fields: {
      mode: { t: 'enum', values: ['async', 'semi-sync', 'sync', 'quorum', 'design'] },
      lagMs: delaySpec,
      n: { t: 'number', int: true, min: 0, max: 1000 },
      r: { t: 'number', int: true, min: 0, max: 1000 },
      w: { t: 'number', int: true, min: 0, max: 1000 },
      readRepair: { t: 'enum', values: ['async', 'sync'] },
    },
  },
  reads: { t: 'enum', values: ['primary', 'replica', 'read-your-writes', 'quorum'] },
  readYourWrites: {
    t: 'object',
    fields: { via: { t: 'enum', values: ['primary-window', 'replica-version'] }, windowMs: { t: 'number', min: 0 } },
  },
  partitionMode: { t: 'enum', values: ['CP', 'AP'] },
  failover: { t: 'enum', values: ['design', 'auto', 'manual'] },
  network: {
    t: 'object',
    fields: {
      sameRegionMs: { t: 'number', min: 0 },
      crossZoneMs: { t: 'number', min: 0 },
      crossRegionMs: { t: 'number', min: 0 },
      clientMs: { t: 'number', min: 0 },
      jitter: { t: 'number', min: 0, max: 1 },
    },
  },
  election: {
    t: 'object',
    fields: {
      heartbeatMs: { t: 'number', positive: true },
      timeoutMinMs: { t: 'number', positive: true },
      timeoutMaxMs: { t: 'number', positive: true },
    },
  },
  healthChecks: {
    t: 'object',
    fields: {
      enabled: { t: 'enum', values: ['design', 'on', 'off'] },
      intervalMs: { t: 'number', positive: true },
      unhealthyThreshold: { t: 'number', int: true, min: 1, max: 1000 },
      healthyThreshold: { t: 'number', int: true, min: 1, max: 1000 },
    },
  },
  breakers: {
    t: 'object',
    fields: {
      enabled: { t: 'enum', values: ['design', 'on', 'off'] },
      failureThreshold: { t: 'number', int: true, min: 1, max: 1000 },
      openMs: { t: 'number', positive: true },
    },
  },
  cache: { t: 'object', fields: { ttlMs: { t: 'number', min: 0 }, invalidateOnWrite: { t: 'boolean' } } },
  nodes: { t: 'nodes' },
  faults: { t: 'faults' },
};

const NODE_FIELDS: Record<string, Spec> = {
  concurrency: { t: 'number', int: true, min: 1, max: 100_000 },
  serviceTimeMs: delaySpec,
  queueLimit: { t: 'number', int: true, min: 0, max: 10_000_000 },
  callTimeoutMs: { t: 'number', positive: true },
};

const FAULT_FIELDS = ['atS', 'kind', 'target', 'groups', 'forS', 'factor'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `'${v.length > 40 ? v.slice(0, 40) + '...' : v}'`;
  if (typeof v === 'object') return 'an object';
  return String(v);
}

function unknownKey(path: string, key: string, known: readonly string[], errors: ScenarioError[]): void {
  const hint = closest(key, known);
  errors.push({
    path: path ? `${path}.${key}` : key,
    message: `unknown field '${key}'${hint ? ` (did you mean '${hint}'?)` : ` (known: ${known.join(', ')})`}`,
  });
}

function checkValue(path: string, v: unknown, spec: Spec, errors: ScenarioError[]): void {
  switch (spec.t) {
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        errors.push({ path, message: `must be a number, got ${describe(v)}` });
      } else if (spec.int && !Number.isInteger(v)) {
        errors.push({ path, message: `must be a whole number, got ${v}` });
      } else if (spec.positive && v <= 0) {
        errors.push({ path, message: `must be greater than 0, got ${v}` });
      } else if (spec.min !== undefined && v < spec.min) {
        errors.push({ path, message: v < 0 && spec.min === 0 ? `must not be negative, got ${v}` : `must be at least ${spec.min}, got ${v}` });
      } else if (spec.max !== undefined && v > spec.max) {
        errors.push({ path, message: `must be at most ${spec.max}, got ${v}` });
      }
      return;
    }
    case 'enum':
      if (typeof v !== 'string' || !spec.values.includes(v)) {
        const hint = typeof v === 'string' ? closest(v, spec.values) : undefined;
        errors.push({
          path,
          message: `unknown value ${describe(v)}${hint ? ` (did you mean '${hint}'?)` : ''}; expected one of ${spec.values.join(', ')}`,
        });
      }
      return;
    case 'boolean':
      if (typeof v !== 'boolean') errors.push({ path, message: `must be true or false, got ${describe(v)}` });
      return;
    case 'delay':
      if (typeof v === 'number') {
        checkValue(path, v, { t: 'number', min: 0 }, errors);
      } else if (isRecord(v)) {
        for (const k of Object.keys(v)) if (k !== 'mean' && k !== 'dist') unknownKey(path, k, ['mean', 'dist'], errors);
        if (!('mean' in v)) errors.push({ path: `${path}.mean`, message: 'is required' });
        else checkValue(`${path}.mean`, v.mean, { t: 'number', min: 0 }, errors);
        if ('dist' in v) checkValue(`${path}.dist`, v.dist, { t: 'enum', values: ['exp', 'const', 'uniform'] }, errors);
      } else {
        errors.push({ path, message: `must be a number of ms or { mean, dist }, got ${describe(v)}` });
      }
      return;
    case 'object':
      if (!isRecord(v)) {
        errors.push({ path, message: `must be an object, got ${describe(v)}` });
        return;
      }
      for (const [k, val] of Object.entries(v)) {
        const f = Object.hasOwn(spec.fields, k) ? spec.fields[k] : undefined;
        if (!f) unknownKey(path, k, Object.keys(spec.fields), errors);
        else checkValue(path ? `${path}.${k}` : k, val, f, errors);
      }
      return;
    case 'nodes':
      if (!isRecord(v)) {
        errors.push({ path, message: `must be an object keyed by component id, got ${describe(v)}` });
        return;
      }
      for (const [id, settings] of Object.entries(v)) {
        checkValue(`${path}.${id}`, settings, { t: 'object', fields: NODE_FIELDS }, errors);
      }
      return;
    case 'faults':
      if (!Array.isArray(v)) {
        errors.push({ path, message: `must be an array, got ${describe(v)}` });
        return;
      }
      v.forEach((f, i) => checkFault(`${path}[${i}]`, f, errors));
      return;
  }
}

function checkFault(path: string, f: unknown, errors: ScenarioError[]): void {
  if (!isRecord(f)) {
    errors.push({ path, message: `must be an object, got ${describe(f)}` });
    return;
  }
  for (const k of Object.keys(f)) if (!FAULT_FIELDS.includes(k)) unknownKey(path, k, FAULT_FIELDS, errors);
  if (!('kind' in f)) errors.push({ path: `${path}.kind`, message: 'is required (crash, partition or slow)' });
  else checkValue(`${path}.kind`, f.kind, { t: 'enum', values: ['crash', 'partition', 'slow'] }, errors);
  if ('atS' in f) checkValue(`${path}.atS`, f.atS, { t: 'number', min: 0 }, errors);
  if ('forS' in f) checkValue(`${path}.forS`, f.forS, { t: 'number', positive: true }, errors);
  if ('factor' in f) checkValue(`${path}.factor`, f.factor, { t: 'number', positive: true, max: 1_000_000 }, errors);
  if ('target' in f && typeof f.target !== 'string') errors.push({ path: `${path}.target`, message: `must be a node id, got ${describe(f.target)}` });
  if ('groups' in f) {
    const g = f.groups;
    if (!Array.isArray(g) || !g.every((side) => Array.isArray(side) && side.every((x) => typeof x === 'string'))) {
      errors.push({ path: `${path}.groups`, message: 'must be a list of sides, each a list of group ids, e.g. [["east"], ["west"]]' });
    } else if (g.length < 2) {
      errors.push({ path: `${path}.groups`, message: 'needs at least two sides' });
    }
  }
  if (f.kind === 'partition' && !('groups' in f) && !('target' in f)) {
    errors.push({ path: `${path}.groups`, message: 'a partition needs groups (the sides) or a target (the node to cut off)' });
  }
  if ((f.kind === 'crash' || f.kind === 'slow') && !('target' in f)) {
    errors.push({ path: `${path}.target`, message: `a ${String(f.kind)} fault needs a target` });
  }
}

/** Checks the shape of a scenario (types, ranges, unknown fields), without a design. */
export function checkScenarioShape(input: unknown): ScenarioError[] {
  const errors: ScenarioError[] = [];
  if (input === undefined) return errors;
  checkValue('', input, { t: 'object', fields: SCHEMA }, errors);
  return errors.map((e) => (e.path === '' ? { ...e, path: 'scenario' } : e));
}

// --- resolution ---------------------------------------------------------------------------

export function normalizeDelay(v: unknown, fallback: Delay): Delay {
  if (typeof v === 'number') return { mean: v, dist: 'exp' };
  if (isRecord(v) && typeof v.mean === 'number') {
    return { mean: v.mean, dist: (v.dist as DelayDist | undefined) ?? 'exp' };
  }
  return fallback;
}

/** The settings of a component: kind defaults, then scenario overrides. */
export function nodeSettings(scenario: Pick<Scenario, 'nodes'>, componentId: string, kind: string): Required<NodeSettings> {
  const base = KIND_DEFAULTS[kind] ?? KIND_DEFAULTS.service!;
  const o = Object.hasOwn(scenario.nodes, componentId) ? scenario.nodes[componentId]! : {};
  return {
    concurrency: o.concurrency ?? base.concurrency,
    serviceTimeMs: o.serviceTimeMs ? normalizeDelay(o.serviceTimeMs, base.serviceTimeMs) : base.serviceTimeMs,
    queueLimit: o.queueLimit ?? base.queueLimit,
    callTimeoutMs: o.callTimeoutMs ?? base.callTimeoutMs,
  };
}

/** Requests per second the first servers behind the clients can complete, at their configured concurrency. */
export function entryCapacity(topo: Topology, nodes: Record<string, NodeSettings>): number {
  const seen = new Set<number>();
  const entry = new Set<number>();
  const walk = (i: number) => {
    if (seen.has(i)) return;
    seen.add(i);
    const c = topo.components[i]!;
    if (c.behaviour === Behaviour.Router) c.routes.forEach(walk);
    else if (c.behaviour !== Behaviour.Inert) entry.add(i);
  };
  topo.clients.forEach(walk);
  let rps = 0;
  for (const i of entry) {
    const c = topo.components[i]!;
    const s = nodeSettings({ nodes }, c.id, c.kind);
    rps += (c.nodes.length * s.concurrency * 1000) / Math.max(0.001, s.serviceTimeMs.mean);
  }
  return rps;
}

type ScenarioDefaults = Omit<Partial<Scenario>, 'workload'> & { workload: Partial<Scenario['workload']> };

function defaultsFor(design: Design): ScenarioDefaults {
  const req = design.requirements ?? {};
  const workload: Partial<Scenario['workload']> = {};
  if (typeof req.reads === 'number' && req.reads >= 0 && req.reads <= 1) workload.readRatio = req.reads;
  if (typeof req.dau === 'number' && typeof req.requests === 'number' && req.dau > 0 && req.requests > 0) {
    // The average load the requirements imply, capped so a default run stays quick.
    workload.rps = Math.max(1, Math.min(2000, Math.round((req.dau * req.requests) / 86400)));
  }
  const out: ScenarioDefaults = { workload };
  if (req.consistency === 'strong') out.reads = 'primary';
  if (req.consistency === 'read-your-writes') out.reads = 'read-your-writes';
  if (req.consistency === 'eventual') {
    out.reads = 'replica';
    out.partitionMode = 'AP';
  }
  return out;
}

/**
 * A preset's faults start a third into the run and last a third of it (20 s to 40 s of the
 * default minute), so a preset fits whatever duration the user picks.
 */
function presetFor(name: PresetName, topo: Topology, nodes: Record<string, NodeSettings>, timeoutMs: number, durationS: number): Record<string, unknown> {
  const atS = round3(durationS / 3);
  const forS = round3(durationS / 3);
  switch (name) {
    case 'steady':
      return {};
    case 'primary-crash':
      return { faults: [{ atS, kind: 'crash', target: 'primary', forS }] };
    case 'region-partition': {
      const populated = topo.regions.filter((r) => (topo.groupMembers.get(r) ?? []).length > 0);
      if (populated.length >= 2) {
        return { faults: [{ atS, kind: 'partition', groups: [[populated[0]], populated.slice(1)], forS }] };
      }
      return { faults: [{ atS, kind: 'partition', target: 'primary', forS }] };
    }
    case 'replica-lag-spike':
      return { reads: 'replica', faults: [{ atS, kind: 'slow', target: 'replica', factor: 20, forS }] };
    case 'overload': {
      const cap = entryCapacity(topo, nodes);
      const rps = Math.max(10, Math.round(cap * 1.5));
      // Enough sessions that the clients keep offering the load while requests wait and time out.
      return { workload: { rps, clients: Math.max(10, Math.min(1_000_000, Math.ceil(rps * (timeoutMs / 1000) * 1.5))) } };
    }
  }
}

/** Why a preset cannot apply to this design, if it cannot. */
function presetProblem(name: PresetName, topo: Topology): string | undefined {
  const replicas = topo.clusters.some((c) => c.members.length > 1);
  const regions = topo.regions.filter((r) => (topo.groupMembers.get(r) ?? []).length > 0).length;
  if (name === 'primary-crash' && topo.clusters.length === 0) return "'primary-crash' needs a database in the design";
  if (name === 'replica-lag-spike' && !replicas) return "'replica-lag-spike' needs a database with a replica (draw one, e.g. db -. async .-> replica)";
  if (name === 'region-partition' && regions < 2 && topo.clusters.length === 0) return "'region-partition' needs two regions or a database in the design";
  return undefined;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    const prev = out[k];
    const value = isRecord(prev) && isRecord(v) && k !== 'lagMs' && k !== 'serviceTimeMs' ? merge(prev, v) : v;
    Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export interface ResolveOptions {
  /** A preset to start from (a `preset` field in the scenario wins over this). */
  preset?: string;
  seed?: number;
  durationS?: number;
}

/**
 * Defaults (from the design) <- preset <- scenario <- options, then checks every name the
 * scenario uses against the design. `input` is parsed JSON (or undefined for "defaults").
 */
export function resolveScenario(design: Design, input?: unknown, options: ResolveOptions = {}, topology?: Topology): ScenarioResult {
  const errors = checkScenarioShape(input);
  if (options.preset !== undefined && !(PRESET_NAMES as readonly string[]).includes(options.preset)) {
    const hint = closest(options.preset, PRESET_NAMES);
    errors.push({ path: 'preset', message: `unknown preset '${options.preset}'${hint ? ` (did you mean '${hint}'?)` : ''}; presets: ${PRESET_NAMES.join(', ')}` });
  }
  if (errors.length > 0) return { ok: false, errors };
  const topo = topology ?? buildTopology(design);
  const user = (isRecord(input) ? input : {}) as Record<string, unknown>;
  const presetName = (typeof user.preset === 'string' ? user.preset : options.preset) as PresetName | undefined;

  let merged = merge(BASE as unknown as Record<string, unknown>, defaultsFor(design) as Record<string, unknown>);
  const userWorkload = isRecord(user.workload) ? user.workload : {};
  const userNodes = (isRecord(user.nodes) ? user.nodes : {}) as Record<string, NodeSettings>;
  const timeoutMs = typeof userWorkload.timeoutMs === 'number' ? userWorkload.timeoutMs : BASE.workload.timeoutMs;
  if (presetName) {
    const problem = presetProblem(presetName, topo);
    if (problem) return { ok: false, errors: [{ path: 'preset', message: problem }] };
  }
  const durationS = options.durationS ?? (typeof user.durationS === 'number' ? user.durationS : presetName === 'overload' ? OVERLOAD_DURATION_S : BASE.durationS);
  if (presetName) merged = merge(merged, presetFor(presetName, topo, userNodes, timeoutMs, durationS));
  if (presetName === 'overload') merged.durationS = OVERLOAD_DURATION_S;
  const { preset: _ignored, ...userRest } = user;
  void _ignored;
  merged = merge(merged, userRest);
  if (options.seed !== undefined) merged.seed = options.seed;
  if (options.durationS !== undefined) merged.durationS = options.durationS;

  const s = merged as unknown as Scenario;
  s.replication.lagMs = normalizeDelay(s.replication.lagMs, BASE.replication.lagMs);
  const nodes: Record<string, NodeSettings> = {};
  for (const [id, v] of Object.entries(s.nodes ?? {})) {
    const settings: NodeSettings = { ...v };
    if (v.serviceTimeMs !== undefined) settings.serviceTimeMs = normalizeDelay(v.serviceTimeMs, KIND_DEFAULTS.service!.serviceTimeMs);
    Object.defineProperty(nodes, id, { value: settings, enumerable: true, writable: true, configurable: true });
  }
  s.nodes = nodes;
  s.faults = (s.faults ?? []).map((f) => ({ ...f, atS: f.atS ?? 0 }));
  if (s.workload.clients === undefined) {
    // One operation a second per session: sessions are rarely busy when their next operation is
    // due, so arrivals stay Poisson, and a session still reads soon after its own writes.
    s.workload.clients = Math.max(10, Math.min(100_000, Math.ceil(s.workload.rps)));
  }

  errors.push(...checkAgainstDesign(s, topo));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, scenario: s };
}

/** The names a fault uses (target, partition sides) against the design. */
function checkFaultNames(p: string, f: FaultSpec, topo: Topology, errors: ScenarioError[]): void {
  const nodeNames = [...topo.nodeIndex.keys()];
  const componentNames = [...topo.componentIndex.keys()];
  const groupNames = [...topo.groupMembers.keys()];
  if (f.target !== undefined) {
    const t = f.target;
    const special = t === 'primary' || t === 'replica';
    if (special && topo.clusters.length === 0) {
      errors.push({ path: `${p}.target`, message: `'${t}' needs a database in the design` });
    } else if (special && t === 'replica' && !topo.clusters.some((c) => c.members.length > 1)) {
      errors.push({ path: `${p}.target`, message: `'replica' needs a database with a replica` });
    } else if (!special && !topo.componentIndex.has(t) && !topo.nodeIndex.has(t)) {
      const hint = closest(t, [...componentNames, ...nodeNames]);
      errors.push({ path: `${p}.target`, message: `unknown node '${t}'${hint ? ` (did you mean '${hint}'?)` : ''}` });
    }
  }
  f.groups?.forEach((side, si) => {
    side.forEach((g, gi) => {
      if (!topo.groupMembers.has(g) && !topo.componentIndex.has(g)) {
        const hint = closest(g, [...groupNames, ...componentNames]);
        errors.push({
          path: `${p}.groups[${si}][${gi}]`,
          message: `unknown group '${g}'${hint ? ` (did you mean '${hint}'?)` : groupNames.length ? ` (groups: ${groupNames.join(', ')})` : ' (the design draws no groups)'}`,
        });
      }
    });
  });
}

/**
 * A fault injected into a running simulation (it starts at once; `atS` is ignored). Returns the
 * fault, or every problem with the field at fault, as for a scenario.
 */
export function checkInjectedFault(input: unknown, topo: Topology): { ok: true; fault: FaultSpec } | { ok: false; errors: ScenarioError[] } {
  const errors: ScenarioError[] = [];
  checkFault('fault', input, errors);
  if (errors.length > 0) return { ok: false, errors };
  const f = input as FaultSpec;
  checkFaultNames('fault', f, topo, errors);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, fault: { ...f, atS: f.atS ?? 0 } };
}

function checkAgainstDesign(s: Scenario, topo: Topology): ScenarioError[] {
  const errors: ScenarioError[] = [];
  const componentNames = [...topo.componentIndex.keys()];
  for (const id of Object.keys(s.nodes)) {
    if (!topo.componentIndex.has(id)) {
      const hint = closest(id, componentNames);
      errors.push({ path: `nodes.${id}`, message: `unknown component '${id}'${hint ? ` (did you mean '${hint}'?)` : ''}` });
    }
  }
  s.faults.forEach((f, i) => {
    const p = `faults[${i}]`;
    if (f.atS >= s.durationS) errors.push({ path: `${p}.atS`, message: `${f.atS} s is not before the end of the run (${s.durationS} s)` });
    checkFaultNames(p, f, topo, errors);
  });
  const ops = s.workload.rps * s.durationS;
  if (ops > MAX_OPERATIONS) {
    errors.push({
      path: 'workload.rps',
      message: `${s.workload.rps} ops/s for ${s.durationS} s is ${Math.round(ops).toLocaleString('en-US')} operations; a run handles up to ${MAX_OPERATIONS.toLocaleString('en-US')}`,
    });
  }
  // Every database instance and cache holds a copy of the key space, plus the simulator's truth.
  const dbNodes = topo.clusters.reduce((n, c) => n + c.members.length, 0);
  const caches = topo.components.filter((c) => c.behaviour === Behaviour.Cache).length;
  const bytes = s.workload.keys * (64 + 8 * dbNodes + 16 * caches);
  if (bytes > MAX_STATE_BYTES) {
    errors.push({
      path: 'workload.keys',
      message: `${s.workload.keys} keys over ${dbNodes} database instance${dbNodes === 1 ? '' : 's'} and ${caches} cache${caches === 1 ? '' : 's'} need about ${Math.round(bytes / 1e6)} MB; use at most ${Math.floor(MAX_STATE_BYTES / (64 + 8 * dbNodes + 16 * caches))}`,
    });
  }
  const e = s.election;
  if (e.timeoutMaxMs < e.timeoutMinMs) errors.push({ path: 'election.timeoutMaxMs', message: `must be at least timeoutMinMs (${e.timeoutMinMs})` });
  if (e.heartbeatMs >= e.timeoutMinMs) errors.push({ path: 'election.heartbeatMs', message: `must be below timeoutMinMs (${e.timeoutMinMs}), or followers time out between heartbeats` });
  if (s.replication.mode === 'quorum') {
    for (const cl of topo.clusters) {
      const m = cl.members.length;
      const n = s.replication.n || m;
      if (n > m) errors.push({ path: 'replication.n', message: `${n} is more than the ${m} database instance${m === 1 ? '' : 's'} of '${cl.id}'` });
      for (const q of ['r', 'w'] as const) {
        const v = s.replication[q];
        if (v > n) errors.push({ path: `replication.${q}`, message: `${v} is more than n (${n})` });
      }
    }
  }
  return errors;
}
