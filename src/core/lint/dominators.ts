/**
 * Immediate dominators by the iterative algorithm of Cooper, Harvey and Kennedy ("A Simple,
 * Fast Dominance Algorithm", 2001). On the graphs designs make (mostly layered, few back
 * edges) it settles in two or three passes over the nodes in reverse postorder, so it is
 * linear in practice; no path is ever enumerated.
 */

export interface DominatorTree {
  /** Immediate dominator per node; the root's is itself; -1 for nodes the root does not reach. */
  idom: Int32Array;
  /** Reachable nodes in postorder: every node comes after all the nodes it dominates. */
  postorder: Int32Array;
}

/** `successors[v]` lists v's successors; node `root` is where every path starts. */
export function dominators(successors: readonly (readonly number[])[], root: number): DominatorTree {
  const n = successors.length;
  const postIndex = new Int32Array(n).fill(-1);
  const order: number[] = [];

  // Iterative DFS for the postorder (deep chains must not overflow the stack).
  const visited = new Uint8Array(n);
  const stackNode: number[] = [root];
  const stackEdge: number[] = [0];
  visited[root] = 1;
  while (stackNode.length > 0) {
    const top = stackNode.length - 1;
    const v = stackNode[top]!;
    const succ = successors[v]!;
    const k = stackEdge[top]!;
    if (k < succ.length) {
      stackEdge[top] = k + 1;
      const w = succ[k]!;
      if (!visited[w]) {
        visited[w] = 1;
        stackNode.push(w);
        stackEdge.push(0);
      }
    } else {
      stackNode.pop();
      stackEdge.pop();
      postIndex[v] = order.length;
      order.push(v);
    }
  }

  const predecessors: number[][] = Array.from({ length: n }, () => []);
  for (const v of order) for (const w of successors[v]!) predecessors[w]!.push(v);

  const idom = new Int32Array(n).fill(-1);
  idom[root] = root;
  const intersect = (a: number, b: number): number => {
    while (a !== b) {
      while (postIndex[a]! < postIndex[b]!) a = idom[a]!;
      while (postIndex[b]! < postIndex[a]!) b = idom[b]!;
    }
    return a;
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = order.length - 2; i >= 0; i--) {
      const v = order[i]!;
      let next = -1;
      for (const p of predecessors[v]!) {
        if (idom[p] === -1) continue;
        next = next === -1 ? p : intersect(p, next);
      }
      if (next !== -1 && idom[v] !== next) {
        idom[v] = next;
        changed = true;
      }
    }
  }
  return { idom, postorder: Int32Array.from(order) };
}
