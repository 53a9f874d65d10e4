// Runs in the panel's page. Finds the SVG element Mermaid drew for each component and group.
//
// Mermaid does not tag nodes with the ids written in the diagram; it derives element ids from
// the render's own id (`svgId`):
//   flowchart node        <g class="node …" id="{svgId}-flowchart-{nodeId}-{n}">
//   flowchart subgraph    <g class="cluster …" id="{svgId}-{subgraphId}">
//   architecture service  <g class="architecture-service" id="{svgId}-service-{id}">
//   architecture junction <rect id="{svgId}-node-{id}">  (inside a <g>)
//   architecture group    <rect id="{svgId}-group-{id}">
// Node ids may themselves contain `-` and digits, so the numeric suffix is stripped only once,
// and a candidate is accepted only if it names a known component (when the caller knows them).
// A `data-id` attribute, should a future Mermaid add one to nodes, is preferred.
//
// Every element found is tagged `data-sdl-id` / `data-sdl-group`: the stable hooks for our CSS,
// event handling and tests. Lookups are Maps: ids are user text (`__proto__` included).

export interface NodeIndex {
  /** Component id -> the element drawn for it. */
  nodes: Map<string, SVGGraphicsElement>;
  /** Group (subgraph / architecture group) id -> its element. */
  groups: Map<string, SVGGraphicsElement>;
}

export function indexDiagram(
  svg: SVGSVGElement,
  svgId: string,
  known?: { components: ReadonlySet<string>; groups: ReadonlySet<string> },
): NodeIndex {
  const nodes = new Map<string, SVGGraphicsElement>();
  const groups = new Map<string, SVGGraphicsElement>();
  const accept = (set: ReadonlySet<string> | undefined, id: string): boolean => !set || set.has(id);

  const flowPrefix = `${svgId}-flowchart-`;
  for (const el of svg.querySelectorAll<SVGGraphicsElement>('g.node')) {
    const id = el.getAttribute('data-id') ?? stripCounter(el.id, flowPrefix);
    if (id !== undefined && accept(known?.components, id) && !nodes.has(id)) tagNode(nodes, el, id);
  }
  const servicePrefix = `${svgId}-service-`;
  for (const el of svg.querySelectorAll<SVGGraphicsElement>('g.architecture-service')) {
    const id = el.id.startsWith(servicePrefix) ? el.id.slice(servicePrefix.length) : undefined;
    if (id !== undefined && accept(known?.components, id) && !nodes.has(id)) tagNode(nodes, el, id);
  }
  const junctionPrefix = `${svgId}-node-`;
  for (const rect of svg.querySelectorAll<SVGGraphicsElement>(`rect[id^="${cssString(junctionPrefix)}"]`)) {
    const id = rect.id.slice(junctionPrefix.length);
    const el = (rect.parentElement as unknown as SVGGraphicsElement | null) ?? rect;
    if (accept(known?.components, id) && !nodes.has(id)) tagNode(nodes, el, id);
  }

  const clusterPrefix = `${svgId}-`;
  for (const el of svg.querySelectorAll<SVGGraphicsElement>('g.cluster')) {
    const id = el.getAttribute('data-id') ?? (el.id.startsWith(clusterPrefix) ? el.id.slice(clusterPrefix.length) : undefined);
    if (id !== undefined && accept(known?.groups, id) && !groups.has(id)) tagGroup(groups, el, id);
  }
  const groupPrefix = `${svgId}-group-`;
  for (const rect of svg.querySelectorAll<SVGGraphicsElement>(`rect[id^="${cssString(groupPrefix)}"]`)) {
    const id = rect.id.slice(groupPrefix.length);
    if (accept(known?.groups, id) && !groups.has(id)) tagGroup(groups, rect, id);
  }
  return { nodes, groups };
}

function tagNode(map: Map<string, SVGGraphicsElement>, el: SVGGraphicsElement, id: string): void {
  el.setAttribute('data-sdl-id', id);
  map.set(id, el);
}

function tagGroup(map: Map<string, SVGGraphicsElement>, el: SVGGraphicsElement, id: string): void {
  el.setAttribute('data-sdl-group', id);
  map.set(id, el);
}

/** `{prefix}{id}-{n}` -> `id`. */
function stripCounter(elementId: string, prefix: string): string | undefined {
  if (!elementId.startsWith(prefix)) return undefined;
  const m = /^(.+)-\d+$/.exec(elementId.slice(prefix.length));
  return m ? m[1] : undefined;
}

/** Escapes a string for use inside a double-quoted CSS attribute selector. */
function cssString(s: string): string {
  return s.replace(/["\\]/g, '\\$&');
}
