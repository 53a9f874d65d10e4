// Runs in the panel's page. The panel's controller: takes the host's document and cursor,
// picks the design to show, renders it (one render at a time, the newest text wins, nothing
// re-rendered when only comments, annotations or whitespace changed), draws lint badges and
// the cursor highlight, and wires the toolbar, exports and the simulation.
import type { Component, Design, DesignDocument, Finding, Position } from '../core/design/types';
import { assertNever, parsePanelState, type DocumentMessage, type InitialData, type HostToPage, type LintRuleSetting, type PanelState } from '../shared/protocol';
import { h, setText } from './dom';
import { DiagramView, type Badge } from './diagramView';
import { exportPng, exportSvg } from './exporter';
import { Host } from './host';
import { configureMermaid, renderMermaid, themeOf, type RenderResult, type ThemeKind } from './mermaidRenderer';
import { mermaidRenderText } from './mermaidText';
import { RenderQueue } from './renderQueue';

/** What the page uses from the core; main.ts wires the real modules, so App stays testable. */
export interface CoreServices {
  parseDocument(text: string, options: { languageId: string; fileName: string }): DesignDocument;
  lint(design: Design, settings: LintSettings): Finding[];
}

/** The user's lint settings, as the host sent them (Maps: keys are user text). */
export interface LintSettings {
  rules: ReadonlyMap<string, LintRuleSetting>;
  availabilityDefaults: ReadonlyMap<string, number>;
}

/** The simulation pane, as App drives it. */
export interface SimulationPane {
  setDesign(design: Design | undefined): void;
  diagramSwapped(): void;
  nodeClicked(id: string, at: { clientX: number; clientY: number }): void;
  toggleRegion(id: string): void;
  closeMenu(): void;
  settings(): PanelState['sim'];
  restoreSettings(settings: NonNullable<PanelState['sim']>): void;
}

export type SimulationFactory = (
  root: HTMLElement,
  view: DiagramView,
  callbacks: { onSettingsChange(): void; onStatus(text: string): void },
) => SimulationPane;

export type { InitialData };

interface Shown {
  /** The design drawn, or undefined for a Mermaid file that is not a design (drawn without simulation). */
  design: Design | undefined;
  /** The text handed to Mermaid, before normalisation (for error messages with the user's line numbers). */
  source: string;
}

const SEVERITY_RANK: Record<Finding['severity'], number> = { error: 3, warning: 2, info: 1, hint: 0 };

export class App {
  private doc: DocumentMessage;
  private parsed: DesignDocument = { designs: [], findings: [] };
  private designIndex = 0;
  private shown: Shown | undefined;
  private cursor: Position | undefined;
  private theme: ThemeKind;
  private readonly queue: RenderQueue<string, RenderResult>;
  private readonly view: DiagramView;
  private readonly stage: HTMLElement;
  private readonly message: HTMLElement;
  private readonly status: HTMLElement;
  private readonly designPicker: HTMLSelectElement;
  private readonly sim: SimulationPane;
  private badges = new Map<string, Badge>();
  private lintSettings: LintSettings = { rules: new Map(), availabilityDefaults: new Map() };
  private nextRequestId = 1;
  private readonly pendingExports = new Map<number, string>();
  private restoredView: PanelState['view'];
  /** The text changed and Mermaid is drawing it; the core's parse and lint run once it is on screen. */
  private analysisPending = false;

  constructor(
    root: HTMLElement,
    private readonly host: Host,
    initial: InitialData,
    private readonly core: CoreServices,
    createSimulation: SimulationFactory,
  ) {
    this.doc = { type: 'document', uri: initial.uri, fileName: initial.fileName, languageId: initial.languageId, version: initial.version, text: initial.text };
    const saved = parsePanelState(host.savedState()) ?? parsePanelState(initial.state);
    if (saved && saved.uri === initial.uri) {
      this.designIndex = saved.designIndex;
      this.restoredView = saved.view;
    }
    this.theme = themeOf(document.body);
    configureMermaid(this.theme, fontFamily());

    this.designPicker = h('select', { id: 'design-picker', title: 'Design shown', 'aria-label': 'Design shown', hidden: true });
    this.designPicker.addEventListener('change', () => this.selectDesign(Number(this.designPicker.value)));
    const button = (id: string, label: string, title: string, onClick: () => void): HTMLButtonElement => {
      const b = h('button', { id, type: 'button', title, 'aria-label': title }, label);
      b.addEventListener('click', onClick);
      return b;
    };
    const toolbar = h(
      'header',
      { class: 'toolbar', role: 'toolbar' },
      this.designPicker,
      h(
        'span',
        { class: 'group' },
        button('zoom-out', '−', 'Zoom out (-)', () => this.view.zoomBy(1 / 1.25)),
        button('zoom-in', '+', 'Zoom in (+)', () => this.view.zoomBy(1.25)),
        button('zoom-fit', 'Fit', 'Fit to window (0)', () => this.view.fit()),
      ),
      h('span', { class: 'group' }, button('export-svg', 'SVG', 'Export as SVG…', () => void this.export('svg')), button('export-png', 'PNG', 'Export as PNG…', () => void this.export('png'))),
    );
    this.message = h('div', { id: 'message', role: 'alert', hidden: true });
    this.status = h('div', { id: 'status', role: 'status', 'aria-live': 'polite' });
    const viewport = h('div', { id: 'diagram', tabindex: 0, 'aria-label': 'Diagram' });
    this.stage = h('div', { id: 'render-stage', 'aria-hidden': 'true' });
    const simRoot = h('aside', { id: 'sim', 'aria-label': 'Simulation' });
    root.replaceChildren(toolbar, this.message, h('main', { id: 'panes' }, viewport, simRoot), this.status, this.stage);

    this.view = new DiagramView(viewport, {
      onNodeClick: (id, at) => this.nodeClicked(id, at),
      onGroupClick: (id) => this.sim.toggleRegion(id),
      onBackgroundClick: () => this.sim.closeMenu(),
      onViewChange: () => this.saveState(),
    });
    this.sim = createSimulation(simRoot, this.view, {
      onSettingsChange: () => this.saveState(),
      onStatus: (text) => this.setStatus(text),
    });
    if (saved?.sim) this.sim.restoreSettings(saved.sim);

    this.queue = new RenderQueue<string, RenderResult>(
      (key) => renderMermaid(key.slice(key.indexOf('\n') + 1), this.stage),
      (key, result, job) => this.delivered(key, result, job.requestedAt),
      (a, b) => a === b,
      // Renders can end without a delivery (the newest request matched what is shown): the
      // analysis still has to run for the text now in the editor.
      // After the next paint, like the delivery path, so the new SVG is never held back.
      () =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            if (this.analysisPending && !this.queue.busy) this.analyze(performance.now());
          }),
        ),
    );

    viewport.addEventListener('keydown', (e) => {
      if (e.key === '+' || e.key === '=') this.view.zoomBy(1.25);
      else if (e.key === '-') this.view.zoomBy(1 / 1.25);
      else if (e.key === '0') this.view.fit();
      else return;
      e.preventDefault();
    });
    // VS Code switches the body's theme classes in place when the colour theme changes.
    new MutationObserver(() => this.themeMaybeChanged()).observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });

    host.onMessage((m) => this.onHostMessage(m));
    this.documentChanged(performance.now());
    host.post({ type: 'ready' });
  }

  // ---- messages ----------------------------------------------------------------------------

  private onHostMessage(msg: HostToPage): void {
    switch (msg.type) {
      case 'document': {
        if (msg.uri !== this.doc.uri) return; // one panel, one document
        if (msg.version === this.doc.version && msg.text === this.doc.text && msg.languageId === this.doc.languageId) return;
        this.doc = msg;
        this.documentChanged(performance.now());
        return;
      }
      case 'cursor':
        if (msg.uri !== this.doc.uri) return;
        this.cursorMoved(msg.position);
        return;
      case 'showDesign':
        if (msg.uri === this.doc.uri) this.selectDesign(msg.index);
        return;
      case 'lintSettings':
        this.lintSettings = { rules: new Map(msg.rules), availabilityDefaults: new Map(msg.availabilityDefaults) };
        if (!this.analysisPending && this.shown?.design) {
          this.badges = badgesFor(this.shown.design, this.safeLint(this.shown.design));
          this.view.setBadges(this.badges);
        }
        return;
      case 'exportResult': {
        const format = this.pendingExports.get(msg.requestId);
        if (format === undefined) return;
        this.pendingExports.delete(msg.requestId);
        if (msg.outcome === 'saved') this.setStatus(`Exported ${format.toUpperCase()}${msg.detail ? ` to ${msg.detail}` : ''}.`);
        else if (msg.outcome === 'failed') this.setStatus(`Export failed${msg.detail ? `: ${msg.detail}` : ''}.`);
        else this.setStatus('');
        return;
      }
      default:
        assertNever(msg);
    }
  }

  // ---- document -> design -> render ---------------------------------------------------------

  private documentChanged(requestedAt: number): void {
    if (this.doc.languageId !== 'markdown' && this.doc.text.trim() !== '') {
      // A Mermaid file is one diagram, so Mermaid can start on the raw text at once. Parsing
      // and linting (tens of ms on a big design) wait until the new SVG is on screen: until
      // then the badges and component map of the previous version stay.
      if (this.queue.request(this.renderKey(this.doc.text), requestedAt)) {
        this.analysisPending = true;
        return;
      }
    }
    this.analyze(requestedAt);
  }

  /** Parses and lints the current text, then shows the design (rendering it if needed). */
  private analyze(requestedAt: number): void {
    this.analysisPending = false;
    this.parsed = this.core.parseDocument(this.doc.text, { languageId: this.doc.languageId, fileName: this.doc.fileName });
    const designs = this.parsed.designs;
    if (this.designIndex >= designs.length) this.designIndex = Math.max(0, designs.length - 1);
    this.updatePicker();
    this.show(requestedAt);
    performance.measure('sdlab:analyze', { start: requestedAt, end: performance.now() });
  }

  private renderKey(source: string): string {
    return `${this.theme}\n${mermaidRenderText(source)}`;
  }

  private show(requestedAt: number): void {
    const design = this.parsed.designs[this.designIndex];
    let source: string | undefined = design?.source;
    if (!design && this.doc.languageId !== 'markdown' && this.doc.text.trim() !== '') source = this.doc.text;
    if (source === undefined) {
      this.shown = undefined;
      this.showMessage(this.doc.languageId === 'markdown' ? 'No design in this file: add a ```mermaid block with a flowchart or architecture-beta diagram.' : 'This file is empty.');
      this.sim.setDesign(undefined);
      return;
    }
    this.shown = { design, source };
    this.badges = design ? badgesFor(design, this.safeLint(design)) : new Map();
    if (this.view.hasDiagram) {
      if (design) this.view.reindex(knownIds(design));
      this.view.setBadges(this.badges);
      this.highlightCursor();
    }
    this.sim.setDesign(design);
    if (!design) this.setStatus(this.parsed.findings[0]?.message ?? 'Not a design: drawn without simulation.');
    this.queue.request(this.renderKey(source), requestedAt);
  }

  private delivered(key: string, result: RenderResult, requestedAt: number): void {
    if (!result.ok) {
      if (this.analysisPending) this.analyze(performance.now());
      // Our parser points at the offending token in the file's own lines (Mermaid counts lines
      // after removing front matter and comments); Mermaid's message is the fallback.
      const syntax = this.shown?.design?.findings.filter((f) => f.rule === 'syntax') ?? [];
      const ours = syntax.slice(0, 3).map((f) => `Line ${f.range.start.line + 1}, column ${f.range.start.character + 1}: ${f.message}`);
      this.showMessage(ours.length > 0 ? ours.join('\n') : result.message);
      return;
    }
    const t0 = performance.now();
    const design = this.analysisPending ? undefined : this.shown?.design;
    this.view.swap(result.svg, result.svgId, design ? knownIds(design) : undefined);
    if (this.restoredView) {
      this.view.setView(this.restoredView);
      this.restoredView = undefined;
    }
    this.view.setBadges(this.badges);
    this.highlightCursor();
    this.sim.diagramSwapped();
    this.hideMessage();
    performance.measure('sdlab:swap', { start: t0, end: performance.now() });
    // On screen: the frame that draws the new SVG has been painted by the next frame's start.
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        performance.measure('sdlab:edit-to-screen', { start: requestedAt, end: performance.now() });
        document.body.dataset.renderedKeyLength = String(key.length);
        if (this.analysisPending && !this.queue.busy) this.analyze(performance.now());
      }),
    );
  }

  private themeMaybeChanged(): void {
    const theme = themeOf(document.body);
    if (theme === this.theme) return;
    this.theme = theme;
    configureMermaid(theme, fontFamily());
    this.queue.invalidate();
    if (this.analysisPending) this.documentChanged(performance.now());
    else this.show(performance.now());
  }

  // ---- designs in Markdown -----------------------------------------------------------------

  private updatePicker(): void {
    const designs = this.parsed.designs;
    this.designPicker.hidden = designs.length < 2;
    if (designs.length < 2) return;
    const options = designs.map((d, i) => h('option', { value: i }, `Design ${i + 1} (line ${d.range.start.line + 1})`));
    this.designPicker.replaceChildren(...options);
    this.designPicker.value = String(this.designIndex);
  }

  private selectDesign(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.parsed.designs.length || index === this.designIndex) return;
    this.designIndex = index;
    this.designPicker.value = String(index);
    this.saveState();
    this.show(performance.now());
  }

  // ---- cursor <-> node ---------------------------------------------------------------------

  private cursorMoved(position: Position): void {
    this.cursor = position;
    const designs = this.parsed.designs;
    const at = designs.findIndex((d) => contains(d.range, position));
    if (at >= 0 && at !== this.designIndex) {
      this.selectDesign(at);
      return;
    }
    this.highlightCursor();
  }

  private highlightCursor(): void {
    const design = this.shown?.design;
    const id = design && this.cursor ? componentAt(design, this.cursor)?.id : undefined;
    this.view.setHighlight(id);
    if (id !== undefined) this.view.revealNode(id);
  }

  private nodeClicked(id: string, at: { clientX: number; clientY: number }): void {
    const component = this.shown?.design?.components.find((c) => c.id === id);
    if (component) this.host.post({ type: 'reveal', uri: this.doc.uri, range: component.range });
    this.view.setHighlight(id);
    this.sim.nodeClicked(id, at);
  }

  // ---- export ------------------------------------------------------------------------------

  private async export(format: 'svg' | 'png'): Promise<void> {
    const svg = this.view.currentSvg;
    if (!svg) {
      this.setStatus('Nothing to export yet.');
      return;
    }
    const bg = backgroundColor();
    const text = exportSvg(svg, bg);
    let data = text;
    if (format === 'png') {
      try {
        const vb = svg.viewBox.baseVal;
        data = await exportPng(text, vb.width, vb.height, bg);
      } catch (err) {
        this.setStatus(`PNG export failed: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
    }
    const requestId = this.nextRequestId++;
    this.pendingExports.set(requestId, format);
    this.host.post({ type: 'export', requestId, format, data });
  }

  // ---- state, messages ---------------------------------------------------------------------

  private saveState(): void {
    const sim = this.sim.settings();
    this.host.saveState({
      uri: this.doc.uri,
      fileName: this.doc.fileName,
      designIndex: this.designIndex,
      view: this.view.currentView,
      ...(sim ? { sim } : {}),
    });
  }

  private showMessage(text: string): void {
    setText(this.message, text);
    this.message.hidden = false;
  }

  private hideMessage(): void {
    this.message.hidden = true;
    setText(this.message, '');
  }

  private setStatus(text: string): void {
    setText(this.status, text);
  }

  /** The linter passes the parser's syntax and annotation findings through; a linter bug must not take the diagram down. */
  private safeLint(design: Design): Finding[] {
    try {
      return this.core.lint(design, this.lintSettings);
    } catch {
      return [...design.findings];
    }
  }
}


/** Findings grouped onto the node they are about; the badge takes the worst severity. */
function badgesFor(design: Design, findings: readonly Finding[]): Map<string, Badge> {
  const ids = new Set(design.components.map((c) => c.id));
  const out = new Map<string, Badge>();
  for (const f of findings) {
    if (f.component === undefined || !ids.has(f.component)) continue;
    const b = out.get(f.component);
    if (!b) out.set(f.component, { severity: f.severity, messages: [`${f.rule}: ${f.message}`] });
    else {
      b.messages.push(`${f.rule}: ${f.message}`);
      if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[b.severity]) b.severity = f.severity;
    }
  }
  return out;
}

function knownIds(design: Design): { components: ReadonlySet<string>; groups: ReadonlySet<string> } {
  return { components: new Set(design.components.map((c) => c.id)), groups: new Set(design.groups.map((g) => g.id)) };
}

function contains(r: { start: Position; end: Position }, p: Position): boolean {
  const after = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const before = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return after && before;
}

/**
 * The component the cursor is on: an occurrence of its id under the cursor, else its
 * annotation line, else the nearest occurrence on the cursor's line.
 */
export function componentAt(design: Design, p: Position): Component | undefined {
  let best: { c: Component; d: number } | undefined;
  for (const c of design.components) {
    const ranges = c.occurrences.length ? c.occurrences : [c.range];
    for (const r of ranges) {
      if (contains(r, p)) return c;
      if (r.start.line === p.line) {
        const d = p.character < r.start.character ? r.start.character - p.character : p.character - r.end.character;
        if (!best || d < best.d) best = { c, d };
      }
    }
    if (c.annotationRanges.some((r) => contains(r, p))) return c;
  }
  return best?.c;
}

function fontFamily(): string | undefined {
  const f = getComputedStyle(document.body).getPropertyValue('--vscode-font-family').trim();
  return f || undefined;
}

function backgroundColor(): string | undefined {
  const v = getComputedStyle(document.body).getPropertyValue('--vscode-editor-background').trim();
  return v || getComputedStyle(document.body).backgroundColor || undefined;
}
