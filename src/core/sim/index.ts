/**
 * The simulator's whole public API. Design + scenario + seed -> Run, deterministic to the byte.
 * The model and every metric are described in docs/simulator.md, the scenario format in
 * docs/scenario.md.
 *
 * Run to completion (the CLI):
 *
 *     const r = simulate(design, { reads: 'replica' }, { preset: 'primary-crash', seed: 7 });
 *     if (!r.ok) r.errors;            // [{ path: 'faults[0].target', message: "unknown node 'dbb' (did you mean 'db'?)" }]
 *     else r.run.metrics;             // { requests, ok, failed, staleReads, lostWrites, ... }
 *
 * Step through virtual time (the panel, in a worker or on the main thread):
 *
 *     const c = createSimulation(design, scenario, { historyLimit: 0 });
 *     if (!c.ok) return c.errors;
 *     const sim = c.sim;
 *     const frame = sim.step(100);    // advance 100 virtual ms; returns a SimSnapshot
 *     frame.components;               // one entry per drawn component: { id, state, note, ... }
 *     frame.nodes;                    // one per instance: role, term, lag, up/down, partitioned, load
 *     const f = sim.inject({ kind: 'crash', target: 'db' });   // starts now; { ok, id } or { ok: false, errors }
 *     sim.endFault(f.id);             // restart / heal / back to speed
 *     sim.result();                   // the Run so far (metrics, per-second series, event log)
 *
 * Everything in and out is plain data (structured-clone safe): post a Design and a scenario to
 * a worker, keep the Simulation there, and post snapshots back. The snapshot is cheap (a few
 * fields per node, no history), meant to be taken every animation frame.
 *
 * Nothing here throws on bad input: scenarios and faults come back as errors naming the field.
 */
import type { Design } from '../design/types';
import { Engine } from './engine';
import type { History, HistoryOp } from './history';
import {
  checkInjectedFault,
  PRESET_DESCRIPTIONS,
  PRESET_NAMES,
  resolveScenario,
  type FaultSpec,
  type PresetName,
  type ResolveOptions,
  type Scenario,
  type ScenarioError,
} from './scenario';
import { buildTopology, type Topology } from './topology';
import type { ComponentSnapshot, Run, SimSnapshot } from './types';

export type { History, HistoryOp } from './history';
export type { FaultSpec, PresetName, Scenario, ScenarioError } from './scenario';
export type { ComponentSnapshot, LatencySummary, Metrics, NodeSnapshot, Run, Series, SimEvent, SimSnapshot } from './types';
export { PRESET_DESCRIPTIONS, PRESET_NAMES, resolveScenario };

/** Operations kept in memory by default; a run of more keeps counting but not storing. */
export const DEFAULT_HISTORY_LIMIT = 100_000;
export const DEFAULT_EVENT_LIMIT = 10_000;

export interface SimulateOptions extends ResolveOptions {
  /** Operations kept in `run.history` (0: no history). Default DEFAULT_HISTORY_LIMIT. */
  historyLimit?: number;
  /** Receives every completed operation as it completes (streaming, whatever the limit). */
  onOp?: (op: HistoryOp) => void;
  /** Entries kept in the event log. Default DEFAULT_EVENT_LIMIT. */
  eventLimit?: number;
}

export type SimulateResult = { ok: true; run: Run } | { ok: false; errors: ScenarioError[] };

/** Runs a design under a scenario (parsed JSON, or undefined for the defaults) to the end. */
export function simulate(design: Design, scenario?: unknown, options: SimulateOptions = {}): SimulateResult {
  const created = createSimulation(design, scenario, options);
  if (!created.ok) return created;
  return { ok: true, run: created.sim.runToEnd() };
}

export type CreateResult = { ok: true; sim: Simulation } | { ok: false; errors: ScenarioError[] };

export function createSimulation(design: Design, scenario?: unknown, options: SimulateOptions = {}): CreateResult {
  const topo = buildTopology(design);
  const resolved = resolveScenario(design, scenario, options, topo);
  if (!resolved.ok) return resolved;
  return { ok: true, sim: new Simulation(topo, resolved.scenario, options) };
}

export interface ActiveFault {
  id: number;
  fault: FaultSpec;
}

export class Simulation {
  private readonly engine: Engine;
  private finished = false;

  constructor(
    private readonly topo: Topology,
    readonly scenario: Scenario,
    options: SimulateOptions = {},
  ) {
    this.engine = new Engine(topo, scenario, {
      historyLimit: options.historyLimit ?? DEFAULT_HISTORY_LIMIT,
      eventLimit: options.eventLimit ?? DEFAULT_EVENT_LIMIT,
      ...(options.onOp ? { onOp: options.onOp } : {}),
    });
  }

  get nowMs(): number {
    return this.engine.now;
  }

  get durationMs(): number {
    return this.engine.endMs;
  }

  get done(): boolean {
    return this.engine.done;
  }

  /** Advances `ms` of virtual time (at most to the end of the run) and returns the new state. */
  step(ms: number): SimSnapshot {
    if (Number.isFinite(ms) && ms > 0) this.engine.advance(this.engine.now + ms);
    if (this.engine.done) this.finish();
    return this.snapshot();
  }

  /** Runs to the end and returns the Run. */
  runToEnd(): Run {
    this.engine.advance(this.engine.endMs);
    this.finish();
    return this.result();
  }

  /**
   * Starts a fault now: `{ kind: 'crash' | 'partition' | 'slow', target?, groups?, forS?, factor? }`
   * (as in a scenario, without `atS`). Returns its id for `endFault`.
   */
  inject(fault: unknown): { ok: true; id: number } | { ok: false; errors: ScenarioError[] } {
    const checked = checkInjectedFault(fault, this.topo);
    if (!checked.ok) return checked;
    if (this.engine.done) return { ok: false, errors: [{ path: 'fault', message: 'the run has ended' }] };
    return { ok: true, id: this.engine.startFault(checked.fault) };
  }

  /** Ends an active fault now: crashed nodes restart, a partition heals, a slow node recovers. */
  endFault(id: number): boolean {
    return this.engine.endFault(id);
  }

  activeFaults(): ActiveFault[] {
    return this.engine.activeFaults().map((f) => ({ id: f.id, fault: f.spec }));
  }

  /** The state of every node now, plus a per-component summary for drawing on the diagram. */
  snapshot(): SimSnapshot {
    const snap = this.engine.snapshot();
    snap.components = summarize(snap);
    return snap;
  }

  /**
   * Diagnostics: events handled so far, requests in flight inside the system (frames), and
   * events waiting. Frames return to zero once the workload drains; tests use it to find leaks.
   */
  stats(): { events: number; liveFrames: number } {
    return { events: this.engine.eventCount, liveFrames: this.engine.liveFrames };
  }

  /** The Run so far (complete once `done`). */
  result(): Run {
    const e = this.engine;
    const rec = e.rec;
    const run: Run = {
      seed: this.scenario.seed,
      durationS: this.scenario.durationS,
      scenario: this.scenario,
      metrics: rec.metrics(e.inFlight()),
      series: rec.series,
      // In time order (a service's calls are decided as of the end of its own work, a few ms ahead).
      events: rec.events.slice().sort((a, b) => a.atMs - b.atMs),
      eventsDropped: rec.eventsDropped,
      historyDropped: rec.historyDropped,
      eventCount: e.eventCount,
    };
    if (rec.history.length > 0 || rec.historyDropped === 0) {
      const history: History = { initial: null, ops: rec.history };
      run.history = history;
    }
    return run;
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.engine.finish();
  }
}

const STATE_RANK = { down: 5, partitioned: 4, slow: 3, leader: 2, follower: 1, up: 0 } as const;

/** One entry per component: the worst state among its instances and a short note. */
function summarize(snap: SimSnapshot): ComponentSnapshot[] {
  const out: ComponentSnapshot[] = [];
  const byId = new Map<string, ComponentSnapshot>();
  const followers = new Set<ComponentSnapshot>();
  for (const n of snap.nodes) {
    let c = byId.get(n.component);
    if (!c) {
      c = { id: n.component, state: 'up', instances: 0, up: 0, note: '' };
      byId.set(n.component, c);
      out.push(c);
    }
    if (n.role === 'follower' || n.role === 'candidate') followers.add(c);
    c.instances++;
    if (n.status === 'up') c.up++;
    if (n.role === 'leader' && n.status === 'up') c.leader = n.id;
    if (n.lagMs !== undefined && n.status === 'up') c.lagMs = Math.max(c.lagMs ?? 0, n.lagMs);
    if (n.breaker === 'open' || (n.breaker === 'half-open' && c.breaker !== 'open')) c.breaker = n.breaker;
    if (n.partitioned) c.partitioned = true;
    if (n.slow > 1) c.slow = Math.max(c.slow ?? 1, n.slow);
    c.queued = (c.queued ?? 0) + n.queued;
  }
  for (const c of out) {
    let state: ComponentSnapshot['state'] = c.leader ? 'leader' : 'up';
    if (!c.leader && followers.has(c)) state = 'follower';
    if (c.slow) state = pickWorse(state, 'slow');
    if (c.partitioned) state = pickWorse(state, 'partitioned');
    if (c.up === 0) state = 'down';
    c.state = state;
    const notes: string[] = [];
    if (c.instances > 1) notes.push(`${c.up}/${c.instances} up`);
    if (c.lagMs !== undefined && c.lagMs >= 1) notes.push(`lag ${Math.round(c.lagMs)} ms`);
    if (c.slow) notes.push(`slow x${c.slow}`);
    if (c.breaker) notes.push(`breaker ${c.breaker}`);
    if (c.queued && c.queued > 0) notes.push(`queue ${c.queued}`);
    c.note = notes.join(', ');
  }
  return out;
}

function pickWorse(a: ComponentSnapshot['state'], b: ComponentSnapshot['state']): ComponentSnapshot['state'] {
  return STATE_RANK[b] > STATE_RANK[a] ? b : a;
}

/** The preset names with a sentence each, for pickers and `--help`. */
export function presets(): { name: PresetName; description: string }[] {
  return PRESET_NAMES.map((name) => ({ name, description: PRESET_DESCRIPTIONS[name] }));
}
