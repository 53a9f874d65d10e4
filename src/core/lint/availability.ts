/**
 * The availability model (docs/availability.md): each component is up with its per-instance
 * availability; instances and stand-ins run in parallel; the stages a client needs run in
 * series; the regions a client reaches run in parallel. Deliberately simple — failures are
 * independent, failover is instant — so a learner can redo every figure by hand.
 */
import type { ComponentKind } from '../design/types';
import type { DesignGraph } from './graph';

/** Per-instance availability by kind (a fraction), close to what providers publish for one instance. */
export const DEFAULT_AVAILABILITY: ReadonlyMap<ComponentKind, number> = new Map<ComponentKind, number>([
  ['dns', 0.9999],
  ['cdn', 0.999],
  ['load-balancer', 0.999],
  ['gateway', 0.999],
  ['service', 0.995],
  ['worker', 0.995],
  ['cache', 0.995],
  ['database', 0.995],
  ['queue', 0.999],
  ['object-store', 0.999],
  ['search', 0.995],
]);

const MINUTES_PER_YEAR = 365.25 * 24 * 60;

export interface ComponentAvailability {
  id: string;
  /** Per instance: the node's `availability=`, else the kind's default. */
  perInstance: number;
  /** Where `perInstance` came from. */
  source: 'annotation' | 'setting' | 'default';
  instances: number;
  /** With its instances in parallel: 1 − (1 − a)^n. */
  availability: number;
  /** Its stage: with the components that stand in for it. */
  stageAvailability: number;
  /** Ids of the components that stand in for it (parallel peers, its failover set): the first few. */
  standIns: string[];
  /** How many stand in for it in all. */
  standInCount: number;
  /**
   * Share of the design's downtime that would go away if this component never failed; undefined
   * when the weakest client does not need it.
   */
  share?: number;
}

export interface AvailabilityReport {
  /** The design's availability: the weakest client's, as a fraction. */
  availability: number;
  nines: number;
  downtimeMinutesPerYear: number;
  target?: number;
  /** Whose path it is: client labels, or the components requests start at when no client is drawn. */
  client: string;
  /** How many regions that client reaches in parallel (0 or 1: everything in series). */
  regions: number;
  /** Every component of a known kind (clients and monitors excluded), in source order. */
  components: ComponentAvailability[];
  /** The component whose failures cost the most downtime; undefined when nothing costs any. */
  costliest?: string;
}

export function computeAvailability(
  graph: DesignGraph,
  overrides?: ReadonlyMap<string, number>,
): AvailabilityReport | undefined {
  const comps = graph.components;
  const unavail = new Float64Array(graph.size);
  const perInstance = new Float64Array(graph.size);
  const source: ComponentAvailability['source'][] = [];
  for (let i = 0; i < graph.size; i++) {
    if (!graph.isNeeded(i)) continue;
    const c = comps[i]!;
    const own = c.attributes.availability;
    const setting = overrides?.get(c.kind);
    const a =
      own !== undefined && valid(own) ? own : setting !== undefined && valid(setting) ? setting : DEFAULT_AVAILABILITY.get(c.kind) ?? 1;
    source[i] = own !== undefined && valid(own) ? 'annotation' : setting !== undefined && valid(setting) ? 'setting' : 'default';
    perInstance[i] = a;
    unavail[i] = Math.pow(1 - a, graph.instances[i]!);
  }
  const stageUnavail = Float64Array.from(graph.stages, (s) => s.members.reduce((u, m) => u * unavail[m]!, 1));

  let worst: { entry: number; value: number } | undefined;
  graph.entries.forEach((entry, e) => {
    if (entry.stages.length === 0) return;
    const value = entryAvailability(graph, entry.stages, entry.regions.length >= 2, stageUnavail);
    if (!worst || value < worst.value) worst = { entry: e, value };
  });
  if (!worst) return undefined;

  const entry = graph.entries[worst.entry]!;
  const A = worst.value;
  const multi = entry.regions.length >= 2;
  const stageShare = shares(graph, entry.stages, multi, stageUnavail, A);

  const components: ComponentAvailability[] = [];
  let costliest: { id: string; share: number } | undefined;
  for (let i = 0; i < graph.size; i++) {
    if (!graph.isNeeded(i)) continue;
    const s = graph.stageOf[i]!;
    const stage = graph.stages[s]!;
    const item: ComponentAvailability = {
      id: comps[i]!.id,
      perInstance: perInstance[i]!,
      source: source[i]!,
      instances: graph.instances[i]!,
      availability: 1 - unavail[i]!,
      stageAvailability: 1 - stageUnavail[s]!,
      standIns: standIns(stage.members, i).map((m) => comps[m]!.id),
      standInCount: stage.members.length - 1,
    };
    const share = stageShare.get(s);
    if (share !== undefined) {
      item.share = share;
      if (share > 0 && (!costliest || share > costliest.share)) costliest = { id: item.id, share };
    }
    components.push(item);
  }

  const report: AvailabilityReport = {
    availability: A,
    nines: A >= 1 ? Infinity : -Math.log10(1 - A),
    downtimeMinutesPerYear: (1 - A) * MINUTES_PER_YEAR,
    client: entry.name,
    regions: entry.regions.length,
    components,
  };
  if (graph.design.requirements.availability !== undefined) report.target = graph.design.requirements.availability;
  if (costliest) report.costliest = costliest.id;
  return report;
}

/**
 * For each stage the client needs: the share of the downtime that goes away if it never
 * failed, `(A' - A) / (1 - A)`. In series that is `A / (1 - u)`; a regional stage only lifts its
 * region, so its region's factor is recomputed — O(regions) per stage, never a full re-run.
 */
function shares(
  graph: DesignGraph,
  stages: readonly number[],
  multiRegion: boolean,
  stageUnavail: Float64Array,
  A: number,
): Map<number, number> {
  const out = new Map<number, number>();
  if (!(A < 1)) {
    for (const s of stages) out.set(s, 0);
    return out;
  }
  let global = 1;
  const regional = new Map<number, number>();
  for (const s of stages) {
    const r = multiRegion ? graph.stages[s]!.region : undefined;
    if (r === undefined) global *= 1 - stageUnavail[s]!;
    else regional.set(r, (regional.get(r) ?? 1) * (1 - stageUnavail[s]!));
  }
  for (const s of stages) {
    const u = stageUnavail[s]!;
    const r = multiRegion ? graph.stages[s]!.region : undefined;
    let better: number;
    if (u === 0) better = A;
    else if (u >= 1) {
      // Always down: dividing it out is 0/0, so recompute without it (only for such degenerate input).
      const saved = stageUnavail[s]!;
      stageUnavail[s] = 0;
      better = entryAvailability(graph, stages, multiRegion, stageUnavail);
      stageUnavail[s] = saved;
    } else if (r === undefined) better = A / (1 - u);
    else {
      let allDown = 1;
      for (const [q, a] of regional) allDown *= 1 - (q === r ? a / (1 - u) : a);
      better = global * (1 - allDown);
    }
    out.set(s, Math.max(0, Math.min(1, (better - A) / (1 - A))));
  }
  return out;
}

/** Stages in series; with two or more regions, the regional stages of each region in series and the regions in parallel. */
function entryAvailability(graph: DesignGraph, stages: readonly number[], multiRegion: boolean, stageUnavail: ArrayLike<number>): number {
  if (!multiRegion) {
    let a = 1;
    for (const s of stages) a *= 1 - stageUnavail[s]!;
    return a;
  }
  let global = 1;
  const regional = new Map<number, number>();
  for (const s of stages) {
    const r = graph.stages[s]!.region;
    if (r === undefined) global *= 1 - stageUnavail[s]!;
    else regional.set(r, (regional.get(r) ?? 1) * (1 - stageUnavail[s]!));
  }
  let allDown = 1;
  for (const a of regional.values()) allDown *= 1 - a;
  return global * (1 - allDown);
}

/** At most five other members: a stage of hundreds must not cost hundreds per member. */
function standIns(members: readonly number[], self: number): number[] {
  const out: number[] = [];
  for (const m of members) {
    if (m === self) continue;
    out.push(m);
    if (out.length === 5) break;
  }
  return out;
}

function valid(a: number): boolean {
  return Number.isFinite(a) && a > 0 && a <= 1;
}

/** `99.8001%`: four decimals at most, never rounded up to 100%. */
export function formatPercent(a: number): string {
  if (!(a < 1)) return '100%';
  let text = (Math.floor(a * 1e6 + 1e-7) / 1e4).toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
  if (text === '100') text = '99.9999';
  return `${text}%`;
}

export function formatNines(nines: number): string {
  if (!Number.isFinite(nines)) return 'no downtime';
  return `${(Math.floor(nines * 10 + 1e-9) / 10).toFixed(1)} nines`;
}

/** Downtime a year in the unit a person would use: `31.6 s`, `52.6 min`, `8.8 h`, `3.7 days`. */
export function formatDowntime(minutesPerYear: number): string {
  if (minutesPerYear <= 0) return '0 s a year';
  if (minutesPerYear < 1) return `${round(minutesPerYear * 60)} s a year`;
  if (minutesPerYear < 120) return `${round(minutesPerYear)} min a year`;
  if (minutesPerYear < 48 * 60) return `${round(minutesPerYear / 60)} h a year`;
  return `${round(minutesPerYear / 1440)} days a year`;
}

function round(x: number): string {
  return x >= 100 ? String(Math.round(x)) : x.toFixed(1).replace(/\.0$/, '');
}

/** `99.98% (3.7 nines, 1.8 h down a year)`. */
export function describeAvailability(report: Pick<AvailabilityReport, 'availability' | 'nines' | 'downtimeMinutesPerYear'>): string {
  return `${formatPercent(report.availability)} (${formatNines(report.nines)}, ${formatDowntime(report.downtimeMinutesPerYear).replace(' a year', ' down a year')})`;
}
