// Runs in Node (benchmarks). A field-by-field copy of a Design: the objects parseDesign hands
// back, built with no reading at all. Timed beside parseDesign it shows how much of a large
// parse is the cost of the result's own objects (their allocation and the garbage collector
// copying them while the parse runs), which no parser can go below with this output.
import type { Annotation, Component, Design, Finding, Group, Link, Position, Range } from '../src/core/design/types';

const pos = (p: Position): Position => ({ line: p.line, character: p.character });
const range = (r: Range): Range => ({ start: pos(r.start), end: pos(r.end) });

function ranges(rs: readonly Range[]): Range[] {
  const out: Range[] = new Array(rs.length);
  for (let i = 0; i < rs.length; i++) out[i] = range(rs[i]!);
  return out;
}

function component(c: Component): Component {
  const out: Component = {
    id: c.id,
    label: c.label,
    kind: c.kind,
    kindReason: c.kindReason,
    kindSource: c.kindSource,
    instances: c.instances,
    classes: c.classes.slice(),
    attributes: { ...c.attributes },
    range: range(c.range),
    occurrences: ranges(c.occurrences),
    annotationRanges: ranges(c.annotationRanges),
  };
  if (c.shape !== undefined) out.shape = c.shape;
  if (c.icon !== undefined) out.icon = c.icon;
  if (c.group !== undefined) out.group = c.group;
  if (c.region !== undefined) out.region = c.region;
  if (c.role !== undefined) out.role = c.role;
  return out;
}

function link(l: Link): Link {
  const out: Link = { id: l.id, from: l.from, to: l.to, kind: l.kind, label: l.label, arrow: l.arrow, stroke: l.stroke, range: range(l.range) };
  if (l.mode !== undefined) out.mode = l.mode;
  return out;
}

const group = (g: Group): Group => ({ ...g, members: g.members.slice(), range: range(g.range) });
const finding = (f: Finding): Finding => ({ ...f, range: range(f.range) });
const annotation = (a: Annotation): Annotation => ({
  target: a.target,
  range: range(a.range),
  entries: a.entries.map((e) => ({ ...e, range: range(e.range), keyRange: range(e.keyRange), ...(e.valueRange ? { valueRange: range(e.valueRange) } : {}) })),
});

export function copyDesign(d: Design): Design {
  const components: Component[] = new Array(d.components.length);
  for (let i = 0; i < components.length; i++) components[i] = component(d.components[i]!);
  const links: Link[] = new Array(d.links.length);
  for (let i = 0; i < links.length; i++) links[i] = link(d.links[i]!);
  return {
    ...d,
    components,
    links,
    groups: d.groups.map(group),
    requirements: { ...d.requirements },
    annotations: d.annotations.map(annotation),
    disabledRules: d.disabledRules.slice(),
    findings: d.findings.map(finding),
    range: range(d.range),
  };
}
