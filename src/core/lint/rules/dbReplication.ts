/** redundancy/db-replication: a database should have a replica. */
import type { Fix } from '../../design/types';
import type { LintContext } from '../context';
import type { Report, Rule } from '../types';
import { docsUrl, kindOf } from './shared';

const id = 'redundancy/db-replication';

export const dbReplicationRule: Rule = {
  id,
  defaultSeverity: 'warning',
  description: 'A database with no replica.',
  why:
    'A database is the one part that cannot simply be restarted somewhere else: the data lives on its disks. With no ' +
    'replica, a failed machine means no reads and no writes until it is repaired, and a lost disk can mean lost data. ' +
    'A replica keeps a copy up to date, can serve reads, and can be promoted when the primary dies.',
  docsUrl: docsUrl(id),
  check(ctx) {
    const g = ctx.graph;
    const out: Report[] = [];
    for (let i = 0; i < g.size; i++) {
      if (kindOf(ctx, i) !== 'database') continue;
      const c = g.components[i]!;
      if (g.instances[i]! >= 2 || c.role === 'replica') continue;
      if (g.replicationOut[i]!.length > 0 || g.replicationIn[i]!.length > 0) continue;
      out.push({
        message: `${c.label} has no replica: when its machine fails, its data can be neither read nor written until it is repaired, and a lost disk loses the data. Add a replica that replicates from it.`,
        range: c.range,
        component: c.id,
        fixes: ctx.fix(() => addReplica(ctx, i)),
      });
    }
    return out;
  },
};

function addReplica(ctx: LintContext, i: number): Fix[] {
  const w = ctx.fixes();
  if (!w.isFlowchart) return [];
  const c = ctx.graph.components[i]!;
  const replica = w.freshId(`${c.id}_replica`);
  const line = `${c.id} -. async .-> ${w.node(replica, `${c.label.replace(/\s*(?:[x×]\s?\d+|\(\d+\))\s*$/u, '')} replica`, 'cylinder')}`;
  return [{ title: `Add a replica of ${c.label} with async replication`, edits: [w.appendLines([line])], preferred: true }];
}
