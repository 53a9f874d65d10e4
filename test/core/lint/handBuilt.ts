// Hand-built Designs for the model tests that need no parser: only the fields the linter reads.
import type { Component, ComponentKind, Design, Group, Link, NodeAttributes, ReplicationMode } from '../../../src/core/design/types';

export interface NodeSpec {
  id: string;
  kind: ComponentKind;
  label?: string;
  instances?: number;
  region?: string;
  role?: 'primary' | 'replica';
  attributes?: NodeAttributes;
}

export function handBuilt(
  nodes: NodeSpec[],
  links: ([string, string] | [string, string, 'replication', ReplicationMode?])[],
  extra: Partial<Design> = {},
): Design {
  const components: Component[] = nodes.map((n, i) => {
    const range = { start: { line: i + 1, character: 2 }, end: { line: i + 1, character: 2 + n.id.length } };
    const c: Component = {
      id: n.id,
      label: n.label ?? n.id,
      kind: n.kind,
      kindReason: 'test',
      kindSource: 'annotation',
      instances: n.instances ?? 1,
      classes: [],
      attributes: n.attributes ?? {},
      range,
      occurrences: [range],
      annotationRanges: [],
    };
    if (n.region) {
      c.region = n.region;
      c.group = n.region;
    }
    if (n.role) c.role = n.role;
    return c;
  });
  const regions = [...new Set(nodes.map((n) => n.region).filter((r): r is string => r !== undefined))];
  const groups: Group[] = regions.map((r, i) => ({
    id: r,
    label: r,
    kind: 'region',
    members: nodes.filter((n) => n.region === r).map((n) => n.id),
    range: { start: { line: 100 + i, character: 0 }, end: { line: 100 + i, character: 1 } },
  }));
  const linkList: Link[] = links.map(([from, to, kind, mode], i) => {
    const l: Link = {
      id: `L${i}`,
      from,
      to,
      kind: kind ?? 'call',
      label: '',
      arrow: 'arrow_point',
      stroke: 'normal',
      range: { start: { line: 200 + i, character: 0 }, end: { line: 200 + i, character: 5 } },
    };
    if (kind === 'replication') l.mode = mode ?? 'async';
    return l;
  });
  return {
    diagram: 'flowchart',
    components,
    links: linkList,
    groups,
    requirements: {},
    annotations: [],
    disabledRules: [],
    findings: [],
    source: 'flowchart LR\n',
    range: { start: { line: 0, character: 0 }, end: { line: 300, character: 0 } },
    ...extra,
  };
}
