/** spof: a component whose single failure cuts clients off from something they need. */
import type { Report, Rule } from '../types';
import { docsUrl, joinAnd } from './shared';

const id = 'spof';

export const spofRule: Rule = {
  id,
  defaultSeverity: 'warning',
  description: 'A component whose single failure cuts clients off from something they need.',
  why:
    'A single point of failure is a component that every path from a client to something it needs runs through, with ' +
    'nothing to stand in for it: one instance, no parallel copy, no failover. When it fails, those clients are cut off, ' +
    'however redundant everything else is — the design is only as available as this one box. Give it more instances, a ' +
    'parallel copy, or (for a primary database) replicas with automatic failover.',
  docsUrl: docsUrl(id),
  check(ctx) {
    const g = ctx.graph;
    return ctx.singlePoints.map((p): Report => {
      const c = g.components[p.component]!;
      const own = g.stageOf[p.component]!;
      const lostOthers = p.lost.filter((s) => s !== own);
      const othersCount = p.lostCount - (p.ownLost ? 1 : 0);
      const who = joinAnd(p.entries.slice(0, 2).map((e) => g.entries[e]!.name)) + (p.entries.length > 2 ? ' and others' : '');
      const named = lostOthers.map((s) => g.stageName(s));
      const more = othersCount - named.length;
      const lostText = more > 0 ? `${named.join(', ')} and ${more} more` : joinAnd(named);
      const message =
        named.length > 0
          ? `${c.label} is a single point of failure: every path from ${who} to ${lostText} goes through it, and nothing stands in for it. Its failure cuts them off.`
          : `${c.label} is a single point of failure: requests from ${who} need it, it runs as one instance, and nothing stands in for it.`;
      return {
        message,
        range: c.range,
        component: c.id,
        related: lostOthers.map((s) => {
          const m = g.stages[s]!.members[0]!;
          return { range: ctx.range(m), message: `cut off when ${c.label} fails: ${g.label(m)}` };
        }),
      };
    });
  },
};
