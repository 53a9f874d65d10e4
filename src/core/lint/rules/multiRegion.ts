/** redundancy/multi-region: the system should be able to run in a second region. */
import type { Component, Fix, NodeAttributes } from '../../design/types';
import type { LintContext } from '../context';
import type { FixWriter } from '../fixes';
import type { Rule } from '../types';
import { docsUrl } from './shared';

const id = 'redundancy/multi-region';

/** What stays global when a design is split into regions: the user's side and the edge. */
const GLOBAL_KINDS = new Set(['client', 'dns', 'cdn', 'monitor', 'unknown']);

export const multiRegionRule: Rule = {
  id,
  defaultSeverity: 'warning',
  description: 'Everything in one region, or no regions drawn.',
  why:
    'Every redundancy layer inside one region shares that region’s fate: a power or network failure, a bad config ' +
    'push, or a natural disaster takes all of it down at once. A second region that can serve on its own — with its ' +
    'own load balancers and servers, and a copy of the data — keeps the system up when a whole region is lost.',
  docsUrl: docsUrl(id),
  check(ctx) {
    const g = ctx.graph;
    if (g.regionIds.length >= 2) return [];
    const serving = g.components.filter((c) => !GLOBAL_KINDS.has(c.kind));
    if (serving.length === 0) return [];
    if (g.regionIds.length === 0) {
      return [
        {
          message:
            'No regions are drawn: as sketched, the whole system runs in one place, and losing that data centre takes all of it down. Draw two regions (subgraphs named region, zone or AZ) that can each serve on their own.',
          range: ctx.headerRange(),
          fixes: ctx.fix(() => wrapInRegions(ctx)),
        },
      ];
    }
    const regionId = g.regionIds[0]!;
    const region = ctx.design.groups.find((gr) => gr.id === regionId)!;
    return [
      {
        message: `Everything runs in one region (${region.label}): a region-wide outage takes the whole system down. Add a second region that can serve on its own.`,
        range: region.range,
        fixes: ctx.fix(() => copyRegion(ctx, regionId)),
      },
    ];
  },
};

/** No regions: the serving components not in any subgraph become region A, and region B gets copies of them. */
function wrapInRegions(ctx: LintContext): Fix[] {
  const w = ctx.fixes();
  if (!w.isFlowchart) return [];
  const members = ctx.design.components.filter((c) => !GLOBAL_KINDS.has(c.kind) && c.group === undefined);
  if (members.length === 0) return [];
  const a = w.freshId('region_a');
  const b = w.freshId('region_b');
  const lines = [`subgraph ${a}[Region A]`, ...members.map((m) => `  ${m.id}`), 'end'];
  lines.push(...copyLines(ctx, w, members, b, 'Region B'));
  return [{ title: 'Split the design into two regions (region A as drawn, region B a copy)', edits: [w.appendLines(lines)], preferred: true }];
}

function copyRegion(ctx: LintContext, regionId: string): Fix[] {
  const w = ctx.fixes();
  if (!w.isFlowchart) return [];
  const members = ctx.design.components.filter((c) => c.region === regionId);
  if (members.length === 0) return [];
  const newRegion = w.freshId(`${regionId}_2`);
  return [{ title: 'Add a second region with a copy of this one', edits: [w.appendLines(copyLines(ctx, w, members, newRegion, 'Second region'))], preferred: true }];
}

/**
 * A subgraph of copies of `members`, the calls among them copied, calls from outside reaching
 * the copies too, the copies' calls to outside kept, and each database copy replicating
 * asynchronously from its original (a second region holds a copy of the data, not new data).
 */
function copyLines(ctx: LintContext, w: FixWriter, members: readonly Component[], regionId: string, label: string): string[] {
  const copyOf = new Map<string, string>();
  for (const m of members) copyOf.set(m.id, w.freshId(`${m.id}_2`));
  const lines = [`subgraph ${regionId}[${label}]`];
  for (const m of members) lines.push(`  ${w.node(copyOf.get(m.id)!, m.label, m.shape)}`);
  lines.push('end');
  const seen = new Set<string>();
  const edge = (from: string, arrow: string, to: string) => {
    const line = `${from} ${arrow} ${to}`;
    if (!seen.has(line)) {
      seen.add(line);
      lines.push(line);
    }
  };
  for (const link of ctx.design.links) {
    const from = copyOf.get(link.from);
    const to = copyOf.get(link.to);
    if (from === undefined && to === undefined) continue;
    if (link.kind === 'replication') {
      if (to !== undefined) edge(from ?? link.from, `-. ${link.mode ?? 'async'} .->`, to);
      continue;
    }
    edge(from ?? link.from, '-->', to ?? link.to);
  }
  for (const m of members) {
    if (m.kind === 'database' && m.role !== 'replica') edge(m.id, '-. async .->', copyOf.get(m.id)!);
  }
  for (const m of members) {
    const settings = attributeText(m);
    if (settings !== '') lines.push(`%% @${copyOf.get(m.id)!} ${settings}`);
  }
  return lines;
}

/** The node's annotation settings, for its copy; the kind too when the copy could not infer it from its label and shape. */
function attributeText(c: Component): string {
  const a: NodeAttributes = c.attributes;
  const parts: string[] = [];
  if (c.kindSource === 'annotation' || c.kindSource === 'class' || c.kindSource === 'icon') parts.push(`kind=${c.kind}`);
  if (a.replicas !== undefined) parts.push(`replicas=${a.replicas}`);
  if (a.health !== undefined) parts.push(/^[\w/.:-]+$/.test(a.health) ? `health=${a.health}` : `health="${a.health.replace(/["\\]/g, '\\$&')}"`);
  if (a.breaker) parts.push('breaker');
  if (a.mode !== undefined) parts.push(`mode=${a.mode}`);
  if (a.failover !== undefined && c.kind !== 'database') parts.push(`failover=${a.failover}`);
  if (a.stateful) parts.push('stateful');
  if (a.availability !== undefined) parts.push(`availability=${+(a.availability * 100).toPrecision(12)}`);
  return parts.join(' ');
}
