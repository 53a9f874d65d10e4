// Runs in the panel's page. The diagram on screen: swapping a new SVG in without an empty
// frame, zoom / pan / fit, node hit-testing, the cursor highlight, lint badges and the
// simulation's per-node state drawn onto the existing SVG (never re-rendering it).
import { svg as svgEl } from './dom';
import { indexDiagram, type NodeIndex } from './nodeIndex';

export interface ViewTransform {
  scale: number;
  x: number;
  y: number;
}

export interface Badge {
  severity: 'error' | 'warning' | 'info' | 'hint';
  messages: string[];
}

/** How one node looks in one frame of the simulation. */
export interface NodeVisual {
  /** `up` is a plain running node with no replication role. */
  state: 'leader' | 'follower' | 'up' | 'down' | 'partitioned' | 'slow';
  /** Short text under the node: `lag 120 ms`, `2/3 up`, … */
  note?: string;
}

export interface DiagramEvents {
  onNodeClick(id: string, at: { clientX: number; clientY: number }): void;
  onGroupClick(id: string, at: { clientX: number; clientY: number }): void;
  onBackgroundClick(): void;
  onViewChange(view: ViewTransform): void;
}

const MIN_SCALE = 0.05;
const MAX_SCALE = 8;
/** A press that moves less than this (CSS px) is a click, not a pan. */
const CLICK_SLOP = 4;

interface Overlay {
  state: string;
  note: string;
  noteEl?: SVGTextElement;
}

export class DiagramView {
  readonly viewport: HTMLElement;
  private readonly canvas: HTMLElement;
  private svg: SVGSVGElement | undefined;
  private index: NodeIndex = { nodes: new Map(), groups: new Map() };
  private svgId = '';
  private view: ViewTransform = { scale: 1, x: 0, y: 0 };
  private userMovedView = false;
  private highlighted: string | undefined;
  private selectedGroups = new Set<string>();
  private overlays = new Map<string, Overlay>();
  private size = { width: 0, height: 0 };

  constructor(parent: HTMLElement, private readonly events: DiagramEvents) {
    this.viewport = parent;
    this.canvas = document.createElement('div');
    this.canvas.id = 'diagram-canvas';
    this.viewport.append(this.canvas);
    this.installPointerHandlers();
    // The panel is resized with the editor group: keep the diagram fitted until the user zooms or pans.
    new ResizeObserver(() => {
      if (this.svg && !this.userMovedView) this.fit();
    }).observe(this.viewport);
  }

  get hasDiagram(): boolean {
    return this.svg !== undefined;
  }

  get currentSvg(): SVGSVGElement | undefined {
    return this.svg;
  }

  get nodeIds(): string[] {
    return [...this.index.nodes.keys()];
  }

  hasNode(id: string): boolean {
    return this.index.nodes.has(id);
  }

  /**
   * Replaces the diagram in one DOM operation, then re-applies what belongs to the design
   * rather than to one rendering (highlight, group selection, simulation state) — all in the
   * same task, so the browser never paints the new SVG without them, nor an empty canvas.
   */
  swap(svg: SVGSVGElement, svgId: string, known?: { components: ReadonlySet<string>; groups: ReadonlySet<string> }): void {
    const first = this.svg === undefined;
    svg.classList.add('sdl-diagram');
    svg.removeAttribute('style'); // Mermaid's max-width: the canvas transform does the sizing
    const vb = svg.viewBox.baseVal;
    this.size = vb && vb.width > 0 ? { width: vb.width, height: vb.height } : { width: 400, height: 300 };
    svg.setAttribute('width', String(this.size.width));
    svg.setAttribute('height', String(this.size.height));
    this.canvas.replaceChildren(svg);
    this.svg = svg;
    this.svgId = svgId;
    this.index = indexDiagram(svg, svgId, known);
    // The simulation's state belongs to the design, not to one rendering: draw it on the new SVG.
    const previous = new Map<string, NodeVisual>();
    for (const [id, o] of this.overlays) if (o.state) previous.set(id, { state: o.state as NodeVisual['state'], note: o.note });
    this.overlays = new Map();
    this.applyFrame(previous);
    this.setHighlight(this.highlighted);
    for (const g of this.selectedGroups) this.index.groups.get(g)?.classList.add('sdl-group-selected');
    if (first || !this.userMovedView) this.fit();
    else this.applyTransform();
    // When the page is idle, measure the nodes and give each an (empty) note, so the first
    // frame of a simulation only sets attributes and text.
    const shown = svg;
    requestIdleCallback(() => this.prepareNotes(shown), { timeout: 2000 });
  }

  private prepareNotes(svg: SVGSVGElement): void {
    if (svg !== this.svg) return;
    const nodes = [...this.index.nodes];
    for (const [, node] of nodes) localBox(node);
    for (const [id, node] of nodes) {
      let o = this.overlays.get(id);
      if (!o) {
        o = { state: '', note: '' };
        this.overlays.set(id, o);
      }
      if (!o.noteEl?.isConnected) o.noteEl = noteElement(node);
    }
  }

  /** Maps elements to components again, once the design of the SVG on screen is known. */
  reindex(known: { components: ReadonlySet<string>; groups: ReadonlySet<string> }): void {
    if (!this.svg) return;
    for (const el of this.svg.querySelectorAll('[data-sdl-id]')) el.removeAttribute('data-sdl-id');
    for (const el of this.svg.querySelectorAll('[data-sdl-group]')) el.removeAttribute('data-sdl-group');
    this.index = indexDiagram(this.svg, this.svgId, known);
    this.setHighlight(this.highlighted);
    for (const [id, el] of this.index.groups) el.classList.toggle('sdl-group-selected', this.selectedGroups.has(id));
  }

  // ---- zoom / pan / fit --------------------------------------------------------------------

  fit(): void {
    const vw = this.viewport.clientWidth;
    const vh = this.viewport.clientHeight;
    if (!this.svg || vw === 0 || vh === 0) return;
    const pad = 16;
    const scale = clamp(Math.min((vw - 2 * pad) / this.size.width, (vh - 2 * pad) / this.size.height, 2), MIN_SCALE, MAX_SCALE);
    this.view = {
      scale,
      x: (vw - this.size.width * scale) / 2,
      y: (vh - this.size.height * scale) / 2,
    };
    this.userMovedView = false;
    this.applyTransform();
  }

  /** Zooms by `factor` keeping the point under (clientX, clientY) still; the viewport centre by default. */
  zoomBy(factor: number, clientX?: number, clientY?: number): void {
    const r = this.viewport.getBoundingClientRect();
    const px = (clientX ?? r.left + r.width / 2) - r.left;
    const py = (clientY ?? r.top + r.height / 2) - r.top;
    const scale = clamp(this.view.scale * factor, MIN_SCALE, MAX_SCALE);
    const k = scale / this.view.scale;
    this.view = { scale, x: px - (px - this.view.x) * k, y: py - (py - this.view.y) * k };
    this.userMovedView = true;
    this.applyTransform();
  }

  setView(view: ViewTransform): void {
    this.view = { scale: clamp(view.scale, MIN_SCALE, MAX_SCALE), x: view.x, y: view.y };
    this.userMovedView = true;
    this.applyTransform();
  }

  get currentView(): ViewTransform {
    return { ...this.view };
  }

  private applyTransform(): void {
    this.canvas.style.transform = `translate(${this.view.x}px, ${this.view.y}px) scale(${this.view.scale})`;
    this.events.onViewChange(this.currentView);
  }

  private installPointerHandlers(): void {
    let press: { x: number; y: number; vx: number; vy: number; id: number; panning: boolean } | undefined;
    this.viewport.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      press = { x: e.clientX, y: e.clientY, vx: this.view.x, vy: this.view.y, id: e.pointerId, panning: false };
    });
    this.viewport.addEventListener('pointermove', (e) => {
      if (!press || e.pointerId !== press.id) return;
      const dx = e.clientX - press.x;
      const dy = e.clientY - press.y;
      if (!press.panning && Math.hypot(dx, dy) < CLICK_SLOP) return;
      if (!press.panning) {
        press.panning = true;
        this.viewport.setPointerCapture(e.pointerId);
        this.viewport.classList.add('sdl-panning');
      }
      this.view = { ...this.view, x: press.vx + dx, y: press.vy + dy };
      this.userMovedView = true;
      this.applyTransform();
    });
    const end = (e: PointerEvent): void => {
      if (!press || e.pointerId !== press.id) return;
      const wasPan = press.panning;
      press = undefined;
      this.viewport.classList.remove('sdl-panning');
      if (this.viewport.hasPointerCapture(e.pointerId)) this.viewport.releasePointerCapture(e.pointerId);
      if (!wasPan && e.type === 'pointerup') this.click(e);
    };
    this.viewport.addEventListener('pointerup', end);
    this.viewport.addEventListener('pointercancel', end);
    this.viewport.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        // Trackpad pinches arrive as ctrl+wheel with small deltas; mouse wheels as larger steps.
        const factor = Math.exp(-e.deltaY * (e.ctrlKey ? 0.01 : 0.0015));
        this.zoomBy(factor, e.clientX, e.clientY);
      },
      { passive: false },
    );
  }

  private click(e: PointerEvent): void {
    const target = e.target instanceof Element ? e.target : undefined;
    const node = target?.closest('[data-sdl-id]');
    const at = { clientX: e.clientX, clientY: e.clientY };
    if (node) {
      this.events.onNodeClick(node.getAttribute('data-sdl-id')!, at);
      return;
    }
    const group = target?.closest('[data-sdl-group]');
    if (group) {
      this.events.onGroupClick(group.getAttribute('data-sdl-group')!, at);
      return;
    }
    this.events.onBackgroundClick();
  }

  /** Where a node is on screen (client coordinates), for placing menus. */
  nodeRect(id: string): DOMRect | undefined {
    return this.index.nodes.get(id)?.getBoundingClientRect();
  }

  /** Scrolls the view so a node is visible, without changing the zoom. */
  revealNode(id: string): void {
    const r = this.nodeRect(id);
    if (!r) return;
    const v = this.viewport.getBoundingClientRect();
    const margin = 24;
    let dx = 0;
    let dy = 0;
    if (r.left < v.left + margin) dx = v.left + margin - r.left;
    else if (r.right > v.right - margin) dx = v.right - margin - r.right;
    if (r.top < v.top + margin) dy = v.top + margin - r.top;
    else if (r.bottom > v.bottom - margin) dy = v.bottom - margin - r.bottom;
    if (dx === 0 && dy === 0) return;
    this.view = { ...this.view, x: this.view.x + dx, y: this.view.y + dy };
    this.applyTransform();
  }

  // ---- highlight, selection, badges ---------------------------------------------------------

  setHighlight(id: string | undefined): void {
    if (this.highlighted !== undefined) this.index.nodes.get(this.highlighted)?.classList.remove('sdl-cursor');
    this.highlighted = id;
    if (id !== undefined) this.index.nodes.get(id)?.classList.add('sdl-cursor');
  }

  setSelectedGroups(ids: ReadonlySet<string>): void {
    for (const [id, el] of this.index.groups) el.classList.toggle('sdl-group-selected', ids.has(id));
    this.selectedGroups = new Set(ids);
  }

  /** Replaces all lint badges. Each is an SVG group inside the node's own group, so it pans and zooms with it. */
  setBadges(badges: ReadonlyMap<string, Badge>): void {
    if (!this.svg) return;
    for (const old of this.svg.querySelectorAll('.sdl-badge')) old.remove();
    // All reads (boxes) before all writes (badges), so layout runs once.
    for (const id of badges.keys()) {
      const node = this.index.nodes.get(id);
      if (node) localBox(node);
    }
    for (const [id, badge] of badges) {
      const node = this.index.nodes.get(id);
      if (!node) continue;
      const box = localBox(node);
      const title = svgEl('title');
      title.textContent = badge.messages.join('\n');
      const g = svgEl(
        'g',
        { class: `sdl-badge sdl-badge-${badge.severity}`, transform: `translate(${box.x + box.width},${box.y})` },
        title,
        svgEl('circle', { r: 9 }),
        svgEl('text', { 'text-anchor': 'middle', dy: '0.35em' }, String(badge.messages.length)),
      );
      node.append(g);
    }
  }

  // ---- simulation state --------------------------------------------------------------------

  /**
   * Draws one frame of simulation state: an attribute per node (styled by media/panel.css) and
   * a short note under it. Only what changed since the last frame touches the DOM, so a frame
   * costs little even on a 200-node diagram.
   */
  applyFrame(frame: ReadonlyMap<string, NodeVisual>): void {
    // Measure every node that needs a new note before creating any: reading a box after a
    // write forces another layout, and interleaving them costs one layout per node.
    const toMeasure: SVGGraphicsElement[] = [];
    for (const [id, v] of frame) {
      const o = this.overlays.get(id);
      const node = this.index.nodes.get(id);
      if (node && v.note && !o?.noteEl?.isConnected) toMeasure.push(node);
    }
    for (const node of toMeasure) localBox(node);
    for (const [id, o] of this.overlays) {
      if (!frame.has(id) && (o.state !== '' || o.note !== '')) this.applyOne(id, { state: 'up', note: '' }, true);
    }
    for (const [id, v] of frame) this.applyOne(id, v);
  }

  /** Removes all simulation state from the diagram. */
  clearFrame(): void {
    for (const [id] of this.overlays) this.applyOne(id, { state: 'up', note: '' }, true);
  }

  private applyOne(id: string, v: NodeVisual, clear = false): void {
    const node = this.index.nodes.get(id);
    let o = this.overlays.get(id);
    if (!o) {
      o = { state: '', note: '' };
      this.overlays.set(id, o);
    }
    if (!node) return;
    const state = clear ? '' : v.state;
    const note = clear ? '' : (v.note ?? '');
    if (o.state !== state) {
      if (state) node.setAttribute('data-sdl-state', state);
      else node.removeAttribute('data-sdl-state');
      o.state = state;
    }
    if (o.note !== note || (note && !o.noteEl?.isConnected)) {
      if (!o.noteEl || !o.noteEl.isConnected) o.noteEl = noteElement(node);
      o.noteEl.textContent = note;
      o.note = note;
    }
  }
}

/** The text under a node that says its simulation state (`leader`, `lag 120 ms`, `2/3 up`). */
function noteElement(node: SVGGraphicsElement): SVGTextElement {
  const box = localBox(node);
  const el = svgEl('text', { class: 'sdl-note', x: box.x + box.width / 2, y: box.y + box.height + 12, 'text-anchor': 'middle' });
  node.append(el);
  return el;
}

const boxes = new WeakMap<SVGGraphicsElement, { x: number; y: number; width: number; height: number }>();

/**
 * The node's own box in its coordinates (Mermaid centres nodes on their group's origin),
 * leaving out what we added (badges, notes). Cached: the SVG never changes once swapped in.
 */
function localBox(node: SVGGraphicsElement): { x: number; y: number; width: number; height: number } {
  const cached = boxes.get(node);
  if (cached) return cached;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const child of node.children) {
    if (!(child instanceof SVGGraphicsElement) || child.classList.contains('sdl-badge') || child.classList.contains('sdl-note')) continue;
    try {
      const b = child.getBBox();
      if (b.width === 0 && b.height === 0) continue;
      const t = child.transform.baseVal.consolidate()?.matrix;
      const ox = t ? t.e : 0;
      const oy = t ? t.f : 0;
      x0 = Math.min(x0, b.x + ox);
      y0 = Math.min(y0, b.y + oy);
      x1 = Math.max(x1, b.x + ox + b.width);
      y1 = Math.max(y1, b.y + oy + b.height);
    } catch {
      // Not rendered (display: none): ignore.
    }
  }
  const box = Number.isFinite(x0) ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : { x: -20, y: -10, width: 40, height: 20 };
  boxes.set(node, box);
  return box;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
