/**
 * Single points of failure, read from dominators.
 *
 * For each entry (a client, or the design's sources) the graph is: a root for the entry, the
 * components it reaches, and one extra node per stage it needs, which every member of that
 * stage points to. A component dominates a stage's node exactly when every path from the
 * client to anything that can serve the stage passes through it. So a component that is not
 * redundant itself (one instance, no failover) and dominates a needed stage's node is a single
 * point of failure — with regions in parallel: when the client reaches two or more regions,
 * losing stages of some regions only matters if every region it reaches is hit, or a stage
 * outside the regions is.
 */
import { dominators } from './dominators';
import type { DesignGraph } from './graph';

/** How many lost stages a finding names; the rest are counted. */
export const LOST_NAMED = 4;

export interface SinglePoint {
  component: number;
  /** Entries it cuts off, in entry order. */
  entries: number[];
  /** Stages the first affected entry loses (smallest index first, at most LOST_NAMED), the component's own included. */
  lost: number[];
  lostCount: number;
  /** Whether its own stage is among the lost (nothing else that serves it stays reachable). */
  ownLost: boolean;
}

export function findSinglePoints(graph: DesignGraph): SinglePoint[] {
  const found = new Map<number, SinglePoint>();
  const localOf = new Int32Array(graph.size).fill(-1);
  const words = Math.max(1, Math.ceil(graph.regionIds.length / 32));

  graph.entries.forEach((entry, e) => {
    const k = entry.reached.length;
    const sinkBase = k + 1;
    const stageLocal = new Map<number, number>();
    entry.stages.forEach((s, j) => stageLocal.set(s, sinkBase + j));
    const total = sinkBase + entry.stages.length;
    entry.reached.forEach((v, j) => (localOf[v] = j + 1));

    const successors: number[][] = new Array(total);
    successors[0] = entry.starts.map((s) => localOf[s]!);
    for (let j = 0; j < k; j++) {
      const v = entry.reached[j]!;
      const succ: number[] = [];
      for (const w of graph.callees[v]!) {
        const l = localOf[w]!;
        if (l > 0) succ.push(l);
      }
      const s = graph.stageOf[v]!;
      if (s >= 0) succ.push(stageLocal.get(s)!);
      successors[j + 1] = succ;
    }
    for (let j = sinkBase; j < total; j++) successors[j] = [];

    const { idom, postorder } = dominators(successors, 0);

    // What each node's failure loses: the stage nodes it dominates, summed up the tree.
    const count = new Int32Array(total);
    const global = new Uint8Array(total);
    const regionBits = new Uint32Array(total * words);
    const lists: number[][] = new Array(total);
    for (let j = sinkBase; j < total; j++) {
      const s = entry.stages[j - sinkBase]!;
      count[j] = 1;
      lists[j] = [s];
      const r = graph.stages[s]!.region;
      if (r === undefined) global[j] = 1;
      else regionBits[j * words + (r >>> 5)]! |= 1 << (r & 31);
    }
    for (const x of postorder) {
      if (x === 0) continue;
      const p = idom[x]!;
      if (p < 0 || p === x) continue;
      count[p]! += count[x]!;
      global[p]! |= global[x]!;
      for (let w = 0; w < words; w++) regionBits[p * words + w]! |= regionBits[x * words + w]!;
      if (lists[x]) lists[p] = lists[p] ? mergeSmallest(lists[p]!, lists[x]!, LOST_NAMED) : lists[x]!.slice(0, LOST_NAMED);
    }

    const reachedBits = new Uint32Array(words);
    for (const r of entry.regions) reachedBits[r >>> 5]! |= 1 << (r & 31);
    const multiRegion = entry.regions.length >= 2;

    for (let j = 0; j < k; j++) {
      const v = entry.reached[j]!;
      const x = j + 1;
      if (count[x] === 0 || !graph.isNeeded(v) || graph.isSelfRedundant(v)) continue;
      let cuts = global[x] === 1 || !multiRegion;
      if (!cuts) {
        cuts = true;
        for (let w = 0; w < words; w++) {
          if ((regionBits[x * words + w]! & reachedBits[w]!) !== reachedBits[w]) cuts = false;
        }
      }
      if (!cuts) continue;
      const prev = found.get(v);
      if (prev) prev.entries.push(e);
      else {
        const own = stageLocal.get(graph.stageOf[v]!);
        const ownLost = own !== undefined && idom[own] === x;
        found.set(v, { component: v, entries: [e], lost: lists[x] ?? [], lostCount: count[x]!, ownLost });
      }
    }
    for (const v of entry.reached) localOf[v] = -1;
  });
  return [...found.values()].sort((a, b) => a.component - b.component);
}

/** The `max` smallest of two ascending lists, ascending, without duplicates. */
function mergeSmallest(a: readonly number[], b: readonly number[], max: number): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (out.length < max && (i < a.length || j < b.length)) {
    const x = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (out[out.length - 1] !== x) out.push(x);
  }
  return out;
}
