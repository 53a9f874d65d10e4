/** redundancy/health-checks: balanced instances need health checks; a primary needs automatic failover. */
import type { Report, Rule } from '../types';
import { docsUrl, kindOf, names } from './shared';

const id = 'redundancy/health-checks';

export const healthChecksRule: Rule = {
  id,
  defaultSeverity: 'warning',
  description: 'Load-balanced instances without health checks; a primary without automatic failover.',
  why:
    'Redundancy only helps if something notices the failure. A load balancer that does not check its backends keeps ' +
    'sending requests to a crashed or hung instance, and those requests fail. A primary database with replicas but no ' +
    'automatic failover stops taking writes when it dies, until a person promotes a replica by hand — often an hour or ' +
    'more, and longer at night.',
  docsUrl: docsUrl(id),
  check(ctx) {
    const g = ctx.graph;
    const out: Report[] = [];
    for (let i = 0; i < g.size; i++) {
      const c = g.components[i]!;
      const kind = kindOf(ctx, i);
      if ((kind === 'load-balancer' || kind === 'gateway') && c.attributes.health === undefined) {
        const balanced = g.callees[i]!.filter((b) => g.isNeeded(b) && g.hasBackup(b));
        if (balanced.length === 0 || balanced.every((b) => g.components[b]!.attributes.health !== undefined)) continue;
        out.push({
          message: `${c.label} spreads requests over ${names(ctx, balanced)} but checks no health endpoint: when an instance crashes or hangs, ${c.label} keeps sending it requests and they fail.`,
          range: c.range,
          component: c.id,
          related: ctx.related(balanced, (b) => `balanced without health checks: ${g.label(b)}`),
          fixes: ctx.fix(() => [
            {
              title: `Health-check the backends of ${c.label} (health=/healthz)`,
              edits: ctx.fixes().annotate(c, [['health', '/healthz']]),
              preferred: true,
            },
          ]),
        });
      }
      if (
        c.role === 'primary' &&
        g.replicationOut[i]!.length > 0 &&
        g.replicationIn[i]!.length === 0 &&
        c.attributes.failover !== 'auto'
      ) {
        const replicas = g.replicasOf(i);
        out.push({
          message: `${c.label} is a primary without automatic failover: when it fails, writes stop until someone promotes ${names(ctx, replicas)} by hand.`,
          range: c.range,
          component: c.id,
          related: ctx.related(replicas, (r) => `could take over from ${c.label}: ${g.label(r)}`),
          fixes: ctx.fix(() => [
            {
              title: `Fail ${c.label} over to a replica automatically (failover=auto)`,
              edits: ctx.fixes().annotate(c, [['failover', 'auto']]),
              preferred: true,
            },
          ]),
        });
      }
    }
    return out;
  },
};
