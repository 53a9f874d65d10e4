// Runs in the panel's simulation Web Worker (bundled as dist/webview/simWorker.js, started from
// a Blob URL by workerLoader.ts). Owns the Simulation: advances it at the pace the user set,
// applies faults as they are asked for, streams frames of state to the page, and at the end
// checks the run's history with the consistency checker.
import { ANOMALY_KINDS, checkHistory, type AnomalyKind, type CheckResult } from '../core/check/index';
import type { Design } from '../core/design/types';
import { createSimulation, type Simulation, type SimSnapshot } from '../core/sim/index';
import type { NodeStateName, PageToWorker, SimSettings, UserFault, VerdictView, WorkerToPage } from './simProtocol';
import { eventView, metricsView, seriesPoints } from './simFrame';

/** Real time between frames while playing. */
const FRAME_MS = 50;
/** Most real time spent simulating before yielding (to post a frame and read messages). */
const SLICE_BUDGET_MS = 40;
/** Virtual time simulated between budget checks. */
const CHUNK_MS = 25;
/** Operations kept for the checker: enough for a minute at a few hundred req/s, and a bounded check. */
const HISTORY_LIMIT = 50_000;
/** The checker's wall-clock budget at the end of a run. */
const CHECK_BUDGET_MS = 4000;

interface Run {
  id: number;
  sim: Simulation;
  playing: boolean;
  speed: number;
  /** Virtual time the pace is measured from, and the real time it was taken at. */
  anchorVirtual: number;
  anchorReal: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  sentPoints: number;
  sentEvents: number;
  finished: boolean;
  summarized: boolean;
}

const ctx = self as unknown as {
  postMessage(m: WorkerToPage): void;
  onmessage: ((e: MessageEvent<PageToWorker>) => void) | null;
};

let run: Run | undefined;

function post(m: WorkerToPage): void {
  ctx.postMessage(m);
}

ctx.onmessage = (e: MessageEvent<PageToWorker>) => {
  const m = e.data;
  if (typeof m !== 'object' || m === null) return;
  try {
    handle(m);
  } catch (err) {
    // A simulator bug must not leave the page waiting: say what happened.
    const message = err instanceof Error ? err.message : String(err);
    stop();
    post({ type: 'error', runId: run?.id ?? 0, message: `The simulation failed: ${message}` });
  }
};

function handle(m: PageToWorker): void {
  switch (m.type) {
    case 'load':
      load(m.runId, m.design, m.settings);
      return;
    case 'play':
      if (!current(m.runId)) return;
      run!.speed = m.speed;
      play();
      return;
    case 'pause':
      if (!current(m.runId)) return;
      pause();
      frame();
      return;
    case 'step':
      if (!current(m.runId) || run!.finished) return;
      pause();
      run!.sim.step(m.ms);
      frame();
      return;
    case 'speed':
      if (!current(m.runId)) return;
      reanchor();
      run!.speed = m.speed;
      return;
    case 'fault':
      if (!current(m.runId)) return;
      fault(m.fault);
      return;
    default: {
      const never: never = m;
      return never;
    }
  }
}

function current(runId: number): boolean {
  return run !== undefined && run.id === runId;
}

function load(id: number, design: Design, s: SimSettings): void {
  stop();
  run = undefined;
  const scenario = {
    workload: { rps: s.rps, readRatio: s.readRatio },
    replication: { mode: s.replication },
    reads: s.reads,
    partitionMode: s.partitionMode,
  };
  const created = createSimulation(design, scenario, { preset: s.preset, seed: s.seed, durationS: s.durationS, historyLimit: HISTORY_LIMIT });
  if (!created.ok) {
    post({ type: 'error', runId: id, message: `The scenario does not fit this design: ${created.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}` });
    return;
  }
  run = { id, sim: created.sim, playing: false, speed: 1, anchorVirtual: 0, anchorReal: 0, timer: undefined, sentPoints: 0, sentEvents: 0, finished: false, summarized: false };
  frame();
}

function play(): void {
  if (!run || run.finished) return;
  run.playing = true;
  reanchor();
  schedule(0);
}

function pause(): void {
  if (!run) return;
  run.playing = false;
  if (run.timer !== undefined) clearTimeout(run.timer);
  run.timer = undefined;
}

function stop(): void {
  if (run?.timer !== undefined) clearTimeout(run.timer);
  if (run) run.playing = false;
}

function reanchor(): void {
  if (!run) return;
  run.anchorVirtual = run.sim.nowMs;
  run.anchorReal = performance.now();
}

function schedule(delay: number): void {
  if (!run) return;
  if (run.timer !== undefined) clearTimeout(run.timer);
  run.timer = setTimeout(tick, delay);
}

/**
 * Advances toward where the pace says virtual time should be now, in small chunks, stopping
 * when the real-time budget is spent: a design too heavy to simulate at the chosen speed runs
 * slower rather than freezing, and messages (pause, faults) are read between slices.
 */
function tick(): void {
  const r = run;
  if (!r || !r.playing) return;
  r.timer = undefined;
  const started = performance.now();
  const target = r.anchorVirtual + (started - r.anchorReal) * r.speed;
  while (r.sim.nowMs < target && !r.sim.done && performance.now() - started < SLICE_BUDGET_MS) {
    r.sim.step(Math.min(CHUNK_MS * Math.max(1, r.speed), target - r.sim.nowMs));
  }
  if (r.sim.nowMs < target && !r.sim.done) {
    // Behind the pace: do not try to catch up later in a burst.
    r.anchorVirtual = r.sim.nowMs;
    r.anchorReal = performance.now();
  }
  frame();
  if (r.sim.done) return;
  schedule(Math.max(0, FRAME_MS - (performance.now() - started)));
}

function fault(f: UserFault): void {
  const r = run!;
  const sim = r.sim;
  const note = (message: string): void => post({ type: 'error', runId: r.id, message });
  switch (f.kind) {
    case 'crash':
    case 'slow': {
      const res = sim.inject(f.kind === 'crash' ? { kind: 'crash', target: f.target } : { kind: 'slow', target: f.target, factor: 10 });
      if (!res.ok) note(res.errors.map((e) => e.message).join('; '));
      break;
    }
    case 'restart': {
      // End crash and slow faults on this component: the user's own, and a scenario's (which may
      // name an instance, or `primary` / `replica` when that is the node now down).
      const down = sim.snapshot().components?.find((c) => c.id === f.target)?.state === 'down';
      const faults = sim.activeFaults().filter((a) => a.fault.kind === 'crash' || a.fault.kind === 'slow');
      let ended = 0;
      for (const a of faults) {
        const t = a.fault.target ?? '';
        if (t === f.target || t.startsWith(`${f.target}#`)) ended += sim.endFault(a.id) ? 1 : 0;
      }
      if (ended === 0 && down) {
        for (const a of faults) if (a.fault.kind === 'crash' && (a.fault.target === 'primary' || a.fault.target === 'replica')) ended += sim.endFault(a.id) ? 1 : 0;
      }
      if (ended === 0) note(`${f.target} has no crash or slow-down to end.`);
      break;
    }
    case 'partition': {
      const res = sim.inject({ kind: 'partition', groups: f.groups });
      if (!res.ok) note(res.errors.map((e) => e.message).join('; '));
      break;
    }
    case 'heal': {
      let ended = 0;
      for (const a of sim.activeFaults()) if (a.fault.kind === 'partition') ended += sim.endFault(a.id) ? 1 : 0;
      if (ended === 0) note('No partition to heal.');
      break;
    }
    default: {
      const never: never = f;
      return never;
    }
  }
  // Show the fault at once, even while paused.
  frame();
}

function frame(): void {
  const r = run;
  if (!r) return;
  const snap = r.sim.snapshot();
  const result = r.sim.result();
  const points = seriesPoints(result.series, r.sentPoints);
  r.sentPoints = result.series.t.length;
  const events = result.events.slice(r.sentEvents).map(eventView);
  r.sentEvents = result.events.length;
  r.finished = snap.done;
  if (snap.done) r.playing = false;
  post({
    type: 'frame',
    runId: r.id,
    nowMs: snap.nowMs,
    durationMs: snap.durationMs,
    playing: r.playing,
    nodes: nodeStates(snap),
    points,
    metrics: metricsView(result.metrics),
    events,
    finished: snap.done,
  });
  if (snap.done && !r.summarized) {
    r.summarized = true;
    summarize(r);
  }
}

function nodeStates(snap: SimSnapshot): [string, NodeStateName, string][] {
  return (snap.components ?? []).map((c) => {
    const role = c.state === 'leader' ? 'leader' : c.state === 'follower' ? 'follower' : '';
    return [c.id, c.state, [role, c.note].filter(Boolean).join(' · ')];
  });
}

const KIND_NAMES: Record<AnomalyKind, string> = {
  'not-linearizable': 'Linearizability',
  'lost-write': 'Lost writes',
  'read-your-writes': 'Read your writes',
  'monotonic-reads': 'Monotonic reads',
  'monotonic-writes': 'Monotonic writes',
  'writes-follow-reads': 'Writes follow reads',
  'stale-read': 'Stale reads',
};

function summarize(r: Run): void {
  const result = r.sim.result();
  const history = result.history;
  let verdicts: VerdictView[] = [];
  let note: string | undefined;
  if (!history || history.ops.length === 0) {
    note = 'No operation history was recorded, so the checker had nothing to verify.';
  } else {
    let checked: CheckResult | undefined;
    try {
      checked = checkHistory(history, { timeBudgetMs: CHECK_BUDGET_MS, now: () => performance.now(), maxAnomaliesPerKind: 3 });
    } catch (err) {
      note = `The checker failed: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (checked) verdicts = verdictViews(checked);
    const dropped = result.historyDropped > 0 ? ` (the first ${history.ops.length.toLocaleString('en-US')}; ${result.historyDropped.toLocaleString('en-US')} more were not kept)` : '';
    note ??= `Checked ${history.ops.length.toLocaleString('en-US')} operations${dropped} against the simulator's own history.`;
  }
  post({ type: 'summary', runId: r.id, metrics: metricsView(result.metrics), verdicts, checkNote: note });
}

function verdictViews(c: CheckResult): VerdictView[] {
  if (c.error) return [{ name: 'Consistency check', ok: undefined, text: c.error }];
  const out: VerdictView[] = [];
  for (const kind of ANOMALY_KINDS) {
    const count = c.stats.anomalyCounts[kind] ?? 0;
    const first = c.anomalies.find((a) => a.kind === kind);
    if (kind === 'not-linearizable') {
      const ok = c.verdict === 'linearizable' ? true : c.verdict === 'not-linearizable' ? false : undefined;
      const unknown = c.keys.find((k) => k.verdict === 'unknown');
      const text =
        ok === true
          ? `every key linearizable (${c.stats.keys} keys)`
          : ok === false
            ? (first?.message ?? 'not linearizable')
            : `undecided${unknown?.note ? `: ${unknown.note}` : ''}`;
      out.push({ name: KIND_NAMES[kind], ok, text, ...(first ? { witness: first.witness.mermaid } : {}) });
      continue;
    }
    out.push({
      name: KIND_NAMES[kind],
      ok: count === 0,
      text: count === 0 ? 'none' : `${count} — ${first?.message ?? ''}`,
      ...(first ? { witness: first.witness.mermaid } : {}),
    });
  }
  return out;
}
