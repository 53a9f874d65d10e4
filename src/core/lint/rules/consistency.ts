/** consistency/requirement: reads that can be stale where `@design consistency` forbids it. */
import type { Link } from '../../design/types';
import type { LintContext } from '../context';
import type { Report, Rule } from '../types';
import { docsUrl, kindOf } from './shared';

const id = 'consistency/requirement';

export const consistencyRule: Rule = {
  id,
  defaultSeverity: 'error',
  description: 'Reads that can be stale where `@design consistency` forbids it.',
  why:
    'Replication takes time. An asynchronous replica applies a write a moment after the primary confirmed it, and a ' +
    'cache keeps a value until it expires, so a read from either can return data that a finished write has already ' +
    'changed. With consistency=strong no read may do that; with read-your-writes a user must at least see their own ' +
    'writes, so their reads must go where their writes went.',
  docsUrl: docsUrl(id),
  check(ctx) {
    const want = ctx.design.requirements.consistency;
    if (want !== 'strong' && want !== 'read-your-writes') return [];
    const g = ctx.graph;
    const out: Report[] = [];
    const requirement = ctx.requirementRange('consistency');
    for (let i = 0; i < g.size; i++) {
      const reader = g.components[i]!;
      if (!g.isNeeded(i) || kindOf(ctx, i) === 'database' || kindOf(ctx, i) === 'cache') continue;
      const calls = new Set(g.callees[i]);
      for (const link of g.callLinks[i]!) {
        const t = g.indexOf.get(link.to)!;
        const target = g.components[t]!;
        const lag = lagOf(ctx, t);
        let message: string | undefined;
        if (want === 'strong' && target.kind === 'cache') {
          message = `${reader.label} reads ${target.label}, a cache: it can return a value a finished write has already changed, and @design consistency=strong forbids stale reads.`;
        } else if (lag && want === 'strong') {
          message = `${reader.label} reads ${target.label}, a replica updated ${lag.mode === 'semi-sync' ? 'semi-synchronously (only one replica is sure to have each write)' : 'asynchronously'}: a read can miss a committed write, and @design consistency=strong forbids stale reads.`;
        } else if (lag && want === 'read-your-writes') {
          const primary = lag.primary;
          if (primary !== undefined && calls.has(primary)) continue;
          message = `${reader.label} reads ${target.label}, a replica updated ${lag.mode === 'semi-sync' ? 'semi-synchronously' : 'asynchronously'}, and does not call its primary: a user's read can miss the write they just made, and @design consistency=read-your-writes forbids that. Send a session's reads to the primary after it writes.`;
        }
        if (!message) continue;
        const related = [];
        if (lag?.link) related.push({ range: lag.link.range, message: `replicated ${lag.mode} here` });
        if (requirement) related.push({ range: requirement, message: `consistency=${want} is required here` });
        out.push({ message, range: link.range, component: target.id, related });
      }
    }
    return out;
  },
};

/** A replica that can lag: its replication link (not `sync`), or its label saying replica with no link (async by default). */
function lagOf(ctx: LintContext, i: number): { mode: string; link?: Link; primary?: number } | undefined {
  const g = ctx.graph;
  const c = g.components[i]!;
  const incoming = g.replicationIn[i]!;
  if (incoming.length > 0) {
    const lagging = incoming.find((l) => (l.mode ?? 'async') !== 'sync');
    if (!lagging) return undefined;
    return { mode: lagging.mode ?? 'async', link: lagging, primary: g.indexOf.get(lagging.from) };
  }
  if (c.role === 'replica') return { mode: 'async' };
  return undefined;
}
