// Builds Design values for simulator tests without going through the Mermaid parser: the
// simulator's contract is the Design model, and these keep tests independent of parsing.
import type { Component, ComponentKind, Design, Group, Link, NodeAttributes, ReplicationMode, Requirements } from '../../../src/core/design/types';

const R0 = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export interface ComponentSpec {
  kind: ComponentKind;
  instances?: number;
  role?: 'primary' | 'replica';
  /** Region (or plain group) id; the group is created. */
  in?: string;
  attributes?: NodeAttributes;
}

export interface DesignSpec {
  components: Record<string, ComponentSpec>;
  /** `a -> b` calls; `a => b` (with a mode: `a =sync=> b`) replicates. */
  links: string[];
  /** Group ids that are regions (others named by components are plain groups). */
  regions?: string[];
  requirements?: Requirements;
}

export function design(spec: DesignSpec): Design {
  const components: Component[] = Object.entries(spec.components).map(([id, c]) => {
    const comp: Component = {
      id,
      label: id,
      kind: c.kind,
      kindReason: 'test',
      kindSource: 'annotation',
      instances: c.instances ?? 1,
      classes: [],
      attributes: c.attributes ?? {},
      range: R0,
      occurrences: [R0],
      annotationRanges: [],
    };
    if (c.role) comp.role = c.role;
    if (c.in) {
      comp.group = c.in;
      if (spec.regions?.includes(c.in)) comp.region = c.in;
    }
    return comp;
  });
  const links: Link[] = spec.links.map((text, i) => {
    const m = /^\s*(\S+)\s*(->|=>|=(sync|async|semi-sync)=>)\s*(\S+)\s*$/.exec(text);
    if (!m) throw new Error(`bad link '${text}'`);
    const [, from, arrow, mode, to] = m;
    const link: Link = { id: `L${i}`, from: from!, to: to!, kind: arrow === '->' ? 'call' : 'replication', label: mode ?? '', arrow: 'arrow_point', stroke: 'normal', range: R0 };
    if (link.kind === 'replication') link.mode = (mode as ReplicationMode | undefined) ?? 'async';
    return link;
  });
  // Replication targets are replicas; their sources primaries (as the design model infers).
  for (const l of links) {
    if (l.kind !== 'replication') continue;
    const to = components.find((c) => c.id === l.to)!;
    const from = components.find((c) => c.id === l.from)!;
    to.role ??= 'replica';
    from.role ??= 'primary';
  }
  const groupIds = [...new Set(components.map((c) => c.group).filter((g): g is string => g !== undefined))];
  const groups: Group[] = groupIds.map((id) => ({
    id,
    label: id,
    kind: spec.regions?.includes(id) ? 'region' : 'group',
    members: components.filter((c) => c.group === id).map((c) => c.id),
    range: R0,
  }));
  return {
    diagram: 'flowchart',
    direction: 'LR',
    components,
    links,
    groups,
    requirements: spec.requirements ?? {},
    annotations: [],
    disabledRules: [],
    findings: [],
    source: '',
    range: R0,
  };
}

/** client -> lb -> api xN -> db (primary) with `replicas` replicas, all in one place. */
export function webDb(opts: { apis?: number; replicas?: number; mode?: ReplicationMode; health?: boolean; failover?: boolean; breaker?: boolean } = {}): Design {
  const components: Record<string, ComponentSpec> = {
    users: { kind: 'client' },
    lb: { kind: 'load-balancer', attributes: opts.health ? { health: '/healthz' } : {} },
    api: { kind: 'service', instances: opts.apis ?? 2, attributes: opts.breaker ? { breaker: true } : {} },
    db: { kind: 'database', attributes: opts.failover ? { failover: 'auto' } : {} },
  };
  const links = ['users -> lb', 'lb -> api', 'api -> db'];
  for (let i = 1; i <= (opts.replicas ?? 0); i++) {
    components[`r${i}`] = { kind: 'database' };
    links.push(`db =${opts.mode ?? 'async'}=> r${i}`);
  }
  return design({ components, links });
}

/** A three-member cluster split over two regions: db + r1 in `east`, r2 in `west`, services in both. */
export function twoRegions(opts: { mode?: ReplicationMode; failover?: boolean } = {}): Design {
  return design({
    regions: ['east', 'west'],
    components: {
      users: { kind: 'client' },
      api_e: { kind: 'service', instances: 2, in: 'east' },
      api_w: { kind: 'service', instances: 2, in: 'west' },
      db: { kind: 'database', in: 'east', attributes: opts.failover === false ? {} : { failover: 'auto' } },
      r1: { kind: 'database', in: 'east' },
      r2: { kind: 'database', in: 'west' },
    },
    links: ['users -> api_e', 'users -> api_w', 'api_e -> db', 'api_w -> db', `db =${opts.mode ?? 'async'}=> r1`, `db =${opts.mode ?? 'async'}=> r2`],
  });
}
