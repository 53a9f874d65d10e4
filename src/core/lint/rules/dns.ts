/** redundancy/dns: the clients should find the system through two DNS providers. */
import type { Fix } from '../../design/types';
import type { LintContext } from '../context';
import type { Report, Rule } from '../types';
import { ampersand, docsUrl, insertBeforeTargets, kindOf, names } from './shared';

const id = 'redundancy/dns';

export const dnsRule: Rule = {
  id,
  defaultSeverity: 'warning',
  description: 'Fewer than two DNS providers in front of the clients.',
  why:
    'Every request starts with a DNS lookup. If the only DNS provider is down, clients cannot find the system at all, ' +
    'however healthy the servers behind it are — this has happened to large DNS providers. ' +
    'A second provider that serves the same records keeps names resolving while one is out.',
  docsUrl: docsUrl(id),
  check(ctx) {
    const g = ctx.graph;
    const out: Report[] = [];
    const reported = new Set<number>();
    for (const c of g.clientIndices) {
      const hops = g.callees[c]!.filter((x) => kindOf(ctx, x) !== 'client');
      if (hops.length === 0) continue;
      const dns = hops.filter((x) => kindOf(ctx, x) === 'dns');
      if (dns.length === 0) {
        out.push({
          message: `Requests from ${g.label(c)} reach ${names(ctx, hops)} with no DNS in front: draw the DNS providers clients look the system up with, two of them, so names still resolve when one provider is down.`,
          range: ctx.range(c),
          component: g.components[c]!.id,
          fixes: ctx.fix(() => addPair(ctx, c, hops)),
        });
        continue;
      }
      const instances = dns.reduce((n, d) => n + g.instances[d]!, 0);
      if (instances >= 2 || reported.has(dns[0]!)) continue;
      const d = dns[0]!;
      reported.add(d);
      const clients = g.callers[d]!.filter((x) => kindOf(ctx, x) === 'client');
      out.push({
        message: `${g.label(d)} is the only DNS provider for ${names(ctx, clients.length > 0 ? clients : [c])}: when it is down, no one can look the system up. Add a second provider serving the same records.`,
        range: ctx.range(d),
        component: g.components[d]!.id,
        related: ctx.related(clients, (x) => `${g.label(x)} looks the system up here`),
        fixes: ctx.fix(() => secondProvider(ctx, d)),
      });
    }
    return out;
  },
};

function secondProvider(ctx: LintContext, d: number): Fix[] {
  const w = ctx.fixes();
  if (!w.isFlowchart) return [];
  const g = ctx.graph;
  const newId = w.freshId(`${g.components[d]!.id}_2`);
  const callers = g.callers[d]!.map((x) => g.components[x]!.id);
  const callees = g.callees[d]!.map((x) => g.components[x]!.id);
  let line = w.node(newId, 'Second DNS provider');
  if (callers.length > 0) line = `${ampersand(callers)} --> ${line}`;
  if (callees.length > 0) line = `${line} --> ${ampersand(callees)}`;
  return [{ title: `Add a second DNS provider beside ${g.label(d)}`, edits: [w.appendLines([line])], preferred: true }];
}

function addPair(ctx: LintContext, client: number, hops: number[]): Fix[] {
  const w = ctx.fixes();
  if (!w.isFlowchart) return [];
  const g = ctx.graph;
  const a = w.freshId('dns_a');
  const b = w.freshId('dns_b');
  const pair = `${w.node(a, 'DNS provider A')} & ${w.node(b, 'DNS provider B')}`;
  const hopSet = new Set(hops);
  const links = g.callLinks[client]!.filter((l) => hopSet.has(g.indexOf.get(l.to)!));
  const edits = insertBeforeTargets(ctx, w, links, `${pair} --> `, `${a} & ${b} --> `) ?? [
    w.appendLines([`${g.components[client]!.id} --> ${pair} --> ${ampersand(hops.map((h) => g.components[h]!.id))}`]),
  ];
  return [{ title: `Put two DNS providers in front of ${g.label(client)}`, edits, preferred: true }];
}
