/** redundancy/cdn: requests from clients should meet a CDN at the edge before the servers. */
import type { Fix, Link } from '../../design/types';
import type { LintContext } from '../context';
import type { Report, Rule } from '../types';
import { ampersand, docsUrl, insertBeforeTargets, kindOf, names } from './shared';

const id = 'redundancy/cdn';

export const cdnRule: Rule = {
  id,
  defaultSeverity: 'warning',
  description: 'Clients reach the services with no CDN at the edge.',
  why:
    'A CDN answers clients from servers close to them and keeps serving cached content while your own servers struggle. ' +
    'Without one, every request — static files included — lands on your servers, and a traffic spike or an attack ' +
    'reaches them unfiltered. It is the first layer that absorbs load before anything else can fail.',
  docsUrl: docsUrl(id),
  check(ctx) {
    const g = ctx.graph;
    const out: Report[] = [];
    for (const c of g.clientIndices) {
      const edge = edgeOf(ctx, c);
      const hops = new Set<number>();
      const links: Link[] = [];
      for (const e of edge) {
        for (const link of g.callLinks[e]!) {
          const to = g.indexOf.get(link.to)!;
          if (edge.has(to) || kindOf(ctx, to) === 'client') continue;
          hops.add(to);
          links.push(link);
        }
      }
      if (hops.size === 0 || [...hops].some((h) => kindOf(ctx, h) === 'cdn')) continue;
      const hopList = [...hops].sort((x, y) => x - y);
      out.push({
        message: `Requests from ${g.label(c)} reach ${names(ctx, hopList)} with no CDN at the edge: every request lands on your own servers, and a spike or an attack reaches them unfiltered.`,
        range: ctx.range(c),
        component: g.components[c]!.id,
        related: ctx.related(hopList, (h) => `reached without a CDN: ${g.label(h)}`),
        fixes: ctx.fix(() => addCdn(ctx, [...edge], links, hopList)),
      });
    }
    return out;
  },
};

/** The client and the DNS providers it looks the system up with: what sits before the first server. */
function edgeOf(ctx: LintContext, client: number): Set<number> {
  const g = ctx.graph;
  const edge = new Set<number>([client]);
  const stack = [client];
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (const w of g.callees[v]!) {
      if (edge.has(w) || kindOf(ctx, w) !== 'dns') continue;
      edge.add(w);
      stack.push(w);
    }
  }
  return edge;
}

function addCdn(ctx: LintContext, edge: number[], links: Link[], hops: number[]): Fix[] {
  const w = ctx.fixes();
  if (!w.isFlowchart) return [];
  const g = ctx.graph;
  const cdn = w.freshId('cdn');
  const node = w.node(cdn, 'CDN');
  const edits = insertBeforeTargets(ctx, w, links, `${node} --> `, `${cdn} --> `) ?? [
    w.appendLines([
      `${ampersand(edge.filter((e) => g.callLinks[e]!.some((l) => links.includes(l))).map((e) => g.components[e]!.id))} --> ${node} --> ${ampersand(hops.map((h) => g.components[h]!.id))}`,
    ]),
  ];
  return [{ title: `Put a CDN at the edge, in front of ${names(ctx, hops, 2)}`, edits, preferred: true }];
}
