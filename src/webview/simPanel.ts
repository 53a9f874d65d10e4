// Runs in the panel's page. The simulation pane: controls, transport, faults by pointing at
// the diagram, node state drawn onto the diagram, uPlot charts over virtual time, metrics,
// events, and the end-of-run summary with the checker's verdicts and witnesses. The run itself
// happens in a Web Worker (dist/webview/simWorker.js), so the page stays responsive.
import uPlot from 'uplot';
import type { Design } from '../core/design/types';
import { PRESET_DESCRIPTIONS, PRESET_NAMES, resolveScenario } from '../core/sim/scenario';
import type { PanelState } from '../shared/protocol';
import type { SimulationPane } from './app';
import type { DiagramView, NodeVisual } from './diagramView';
import { h, setText } from './dom';
import { renderMermaid } from './mermaidRenderer';
import type { EventView, MetricsView, PageToWorker, SeriesPoint, SimSettings, UserFault, VerdictView, WorkerToPage } from './simProtocol';
import { startWorker } from './workerLoader';

const DEFAULTS: SimSettings = {
  preset: 'steady',
  rps: 200,
  readRatio: 0.9,
  replication: 'design',
  reads: 'primary',
  partitionMode: 'CP',
  seed: 1,
  durationS: 60,
  speed: 5,
};

const REPLICATION = ['design', 'async', 'semi-sync', 'sync', 'quorum'] as const;
const SPEEDS = [0.25, 0.5, 1, 2, 5, 10, 20, 50];
/** Chart height in CSS px, axes included (the legend sits below). */
const CHART_HEIGHT = 140;
/** One press of Step advances this much virtual time. */
const STEP_MS = 1000;

interface MetricRow {
  key: keyof MetricsView;
  label: string;
  format: (v: number) => string;
}

const ms = (v: number): string => `${Math.round(v)} ms`;
const pct = (v: number): string => `${(v * 100).toFixed(v >= 0.9999 && v < 1 ? 3 : 2)} %`;
const int = (v: number): string => String(Math.round(v));

const METRIC_ROWS: MetricRow[] = [
  { key: 'requests', label: 'Requests', format: int },
  { key: 'ok', label: 'Succeeded', format: int },
  { key: 'failed', label: 'Failed', format: int },
  { key: 'availability', label: 'Availability', format: pct },
  { key: 'readP99Ms', label: 'Read p99', format: ms },
  { key: 'writeP99Ms', label: 'Write p99', format: ms },
  { key: 'staleReads', label: 'Stale reads', format: int },
  { key: 'staleReadRate', label: 'Stale-read rate', format: pct },
  { key: 'maxStalenessMs', label: 'Max staleness', format: ms },
  { key: 'rywViolations', label: 'Read-your-writes violations', format: int },
  { key: 'lostWrites', label: 'Lost writes', format: int },
  { key: 'leaderChanges', label: 'Leader changes', format: int },
  { key: 'maxConcurrentLeaders', label: 'Max concurrent leaders', format: int },
  { key: 'failoverMs', label: 'Failover time', format: ms },
  { key: 'maxReplicationLagMs', label: 'Max replication lag', format: ms },
];

interface ChartSpec {
  id: string;
  title: string;
  series: { key: keyof SeriesPoint; label: string; color: string; scale?: (v: number) => number }[];
  unit: string;
}

const CHARTS: ChartSpec[] = [
  {
    id: 'chart-throughput',
    title: 'Throughput and errors (req/s)',
    unit: 'req/s',
    series: [
      { key: 'throughput', label: 'ok', color: '--sdl-leader' },
      { key: 'errors', label: 'errors', color: '--sdl-down' },
    ],
  },
  { id: 'chart-latency', title: 'p99 latency (ms)', unit: 'ms', series: [{ key: 'p99Ms', label: 'p99', color: '--sdl-follower' }] },
  { id: 'chart-stale', title: 'Stale reads (% of successful requests)', unit: '%', series: [{ key: 'staleRate', label: 'stale', color: '--sdl-partitioned', scale: (v) => v * 100 }] },
  { id: 'chart-lag', title: 'Replication lag (ms)', unit: 'ms', series: [{ key: 'lagMs', label: 'lag', color: '--sdl-slow' }] },
];

type Callbacks = Parameters<import('./app').SimulationFactory>[2];

export class SimPanel implements SimulationPane {
  private settingsValue: SimSettings = { ...DEFAULTS };
  /** The user changed a control (or settings were restored): presets stop overwriting them until the next preset pick. */
  private settingsTouched = false;
  private design: Design | undefined;
  private designKey = '';
  private worker: Worker | undefined;
  private workerFailed: string | undefined;
  private runId = 0;
  private loaded = false;
  private playing = false;
  private finished = false;
  private stale = false;
  private readonly selectedRegions = new Set<string>();
  private points: SeriesPoint[] = [];
  private charts: { spec: ChartSpec; plot: uPlot; el: HTMLElement }[] = [];
  private pendingFrame: Extract<WorkerToPage, { type: 'frame' }> | undefined;
  private frameScheduled = false;
  private menu: HTMLElement | undefined;
  private lastFrameNodes = new Map<string, NodeVisual>();

  private readonly inputs: {
    preset: HTMLSelectElement;
    rps: HTMLInputElement;
    readRatio: HTMLInputElement;
    readRatioOut: HTMLOutputElement;
    replication: HTMLSelectElement;
    reads: HTMLSelectElement;
    partitionMode: HTMLSelectElement;
    seed: HTMLInputElement;
    durationS: HTMLInputElement;
    speed: HTMLSelectElement;
  };
  private readonly play: HTMLButtonElement;
  private readonly pause: HTMLButtonElement;
  private readonly step: HTMLButtonElement;
  private readonly reset: HTMLButtonElement;
  private readonly partition: HTMLButtonElement;
  private readonly heal: HTMLButtonElement;
  private readonly clock: HTMLElement;
  private readonly regionsLabel: HTMLElement;
  private readonly notice: HTMLElement;
  private readonly metricCells = new Map<keyof MetricsView, HTMLTableCellElement>();
  private readonly events: HTMLOListElement;
  private readonly summary: HTMLElement;
  private readonly chartsEl: HTMLElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly view: DiagramView,
    private readonly workerUrl: string,
    private readonly callbacks: Callbacks,
  ) {
    const select = (id: string, options: [string, string][], title: string): HTMLSelectElement => {
      const s = h('select', { id, title });
      s.append(...options.map(([value, label]) => h('option', { value }, label)));
      return s;
    };
    this.inputs = {
      preset: select('sim-preset', PRESET_NAMES.map((n) => [n, n]), 'Scenario preset: the workload and faults to start from'),
      rps: h('input', { id: 'sim-rps', type: 'number', min: 1, max: 100000, step: 10 }),
      readRatio: h('input', { id: 'sim-read-ratio', type: 'range', min: 0, max: 1, step: 0.05 }),
      readRatioOut: h('output', { id: 'sim-read-ratio-value', for: 'sim-read-ratio' }),
      replication: select('sim-replication', [['design', 'as drawn'], ['async', 'async'], ['semi-sync', 'semi-sync'], ['sync', 'sync'], ['quorum', 'quorum']], 'How writes reach replicas'),
      reads: select('sim-reads', [['primary', 'primary'], ['replica', 'replica'], ['read-your-writes', 'read-your-writes'], ['quorum', 'quorum']], 'Where reads are served'),
      partitionMode: select('sim-partition-mode', [['CP', 'CP: refuse when cut off'], ['AP', 'AP: serve when cut off']], 'What a cut-off side does'),
      seed: h('input', { id: 'sim-seed', type: 'number', min: 0, step: 1 }),
      durationS: h('input', { id: 'sim-duration', type: 'number', min: 1, max: 3600, step: 1 }),
      speed: select('sim-speed', SPEEDS.map((s) => [String(s), `${s}×`]), 'Virtual seconds per real second'),
    };
    for (const o of this.inputs.preset.options) o.title = PRESET_DESCRIPTIONS[o.value as keyof typeof PRESET_DESCRIPTIONS] ?? '';
    const label = (text: string, ...controls: HTMLElement[]): HTMLLabelElement => h('label', {}, text, ...controls);
    const controls = h(
      'div',
      { class: 'controls' },
      label('Preset', this.inputs.preset),
      label('Request rate (req/s)', this.inputs.rps),
      label('Read ratio ', this.inputs.readRatio, this.inputs.readRatioOut),
      label('Replication', this.inputs.replication),
      label('Reads from', this.inputs.reads),
      label('On partition', this.inputs.partitionMode),
      label('Seed', this.inputs.seed),
      label('Duration (s)', this.inputs.durationS),
      label('Speed', this.inputs.speed),
    );
    const button = (id: string, text: string, title: string, onClick: () => void, cls?: string): HTMLButtonElement => {
      const b = h('button', { id, type: 'button', title, class: cls }, text);
      b.addEventListener('click', onClick);
      return b;
    };
    this.play = button('sim-play', '▶ Play', 'Run the simulation', () => this.doPlay(), 'primary');
    this.pause = button('sim-pause', 'Pause', 'Pause', () => this.doPause());
    this.step = button('sim-step', 'Step', 'Advance one virtual second', () => this.doStep());
    this.reset = button('sim-reset', 'Reset', 'Start over with the current settings', () => this.doReset());
    this.clock = h('span', { id: 'sim-clock', class: 'clock' }, '0.0 s');
    this.partition = button('sim-partition', 'Partition', 'Cut the selected regions off from the rest', () => this.doPartition());
    this.heal = button('sim-heal', 'Heal', 'Heal all partitions', () => this.sendFault({ kind: 'heal' }));
    this.regionsLabel = h('span', { id: 'sim-regions', class: 'hint' });
    this.notice = h('div', { id: 'sim-notice', class: 'hint', role: 'status' });
    const table = h('table', { id: 'sim-metrics', class: 'metrics' });
    for (const row of METRIC_ROWS) {
      const td = h('td', { 'data-metric': row.key }, '–');
      this.metricCells.set(row.key, td);
      table.append(h('tr', {}, h('th', { scope: 'row' }, row.label), td));
    }
    this.chartsEl = h('div', { class: 'charts', id: 'sim-charts' });
    this.events = h('ol', { id: 'sim-events', class: 'events' });
    this.summary = h('div', { id: 'sim-summary' });
    root.replaceChildren(
      h('h2', {}, 'Simulation'),
      controls,
      h('div', { class: 'transport' }, this.play, this.pause, this.step, this.reset, this.clock),
      h('div', { class: 'faults' }, this.partition, this.heal, this.regionsLabel),
      h('p', { class: 'hint' }, 'Click a node to crash, restart or slow it; click regions to select them for a partition.'),
      this.notice,
      this.chartsEl,
      h('h2', {}, 'Metrics'),
      table,
      h('h2', {}, 'Events'),
      this.events,
      this.summary,
    );
    this.writeControls();
    new ResizeObserver(() => {
      const w = Math.max(200, this.chartsEl.clientWidth);
      for (const c of this.charts) if (Math.abs(c.plot.width - w) > 2) c.plot.setSize({ width: w, height: CHART_HEIGHT });
    }).observe(this.chartsEl);
    for (const el of Object.values(this.inputs)) {
      el.addEventListener('change', () => this.controlsChanged(el));
      if (el === this.inputs.readRatio) el.addEventListener('input', () => setText(this.inputs.readRatioOut, Number(this.inputs.readRatio.value).toFixed(2)));
    }
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.closeMenu();
    });
    this.updateButtons();
  }

  // ---- SimulationPane ------------------------------------------------------------------------

  setDesign(design: Design | undefined): void {
    const key = design ? topologyKey(design) : '';
    this.design = design;
    if (key === this.designKey) return;
    this.designKey = key;
    // The controls start from what the preset does to this design (its load from `@design`).
    if (design && !this.settingsTouched) this.applyPreset(design);
    if (this.loaded) {
      // The run belongs to the old topology: keep it on screen, but say so.
      this.stale = true;
      setText(this.notice, 'The design changed: Reset to simulate the new one.');
    }
    this.selectedRegions.clear();
    this.updateButtons();
  }

  diagramSwapped(): void {
    this.view.setSelectedGroups(this.selectedRegions);
    this.closeMenu();
  }

  nodeClicked(id: string, at: { clientX: number; clientY: number }): void {
    this.closeMenu();
    if (!this.design?.components.some((c) => c.id === id) || this.workerFailed) return;
    const component = this.design.components.find((c) => c.id === id)!;
    const state = this.lastFrameNodes.get(id)?.state;
    const item = (text: string, id2: string, fault: UserFault, disabled = false): HTMLButtonElement => {
      const b = h('button', { type: 'button', id: id2, disabled }, text);
      b.addEventListener('click', () => {
        this.closeMenu();
        this.sendFault(fault);
      });
      return b;
    };
    const menu = h(
      'div',
      { class: 'node-menu', role: 'menu', id: 'node-menu' },
      h('div', { class: 'title' }, component.label),
      item('Crash', 'node-crash', { kind: 'crash', target: id }, state === 'down'),
      item('Restart', 'node-restart', { kind: 'restart', target: id }, state !== undefined && state !== 'down' && state !== 'slow'),
      item('Slow down', 'node-slow', { kind: 'slow', target: id }, state === 'down'),
    );
    menu.style.left = `${Math.min(at.clientX + 6, window.innerWidth - 180)}px`;
    menu.style.top = `${Math.min(at.clientY + 6, window.innerHeight - 140)}px`;
    document.body.append(menu);
    this.menu = menu;
    menu.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
  }

  toggleRegion(id: string): void {
    if (this.selectedRegions.has(id)) this.selectedRegions.delete(id);
    else this.selectedRegions.add(id);
    this.view.setSelectedGroups(this.selectedRegions);
    this.updateButtons();
  }

  closeMenu(): void {
    this.menu?.remove();
    this.menu = undefined;
  }

  settings(): PanelState['sim'] {
    return { ...this.settingsValue };
  }

  restoreSettings(s: NonNullable<PanelState['sim']>): void {
    const v = this.settingsValue;
    v.preset = s.preset;
    if (s.rps > 0) v.rps = s.rps;
    if (s.readRatio >= 0 && s.readRatio <= 1) v.readRatio = s.readRatio;
    if (isOneOf(s.replication, REPLICATION)) v.replication = s.replication;
    if (isOneOf(s.reads, ['primary', 'replica', 'read-your-writes', 'quorum'] as const)) v.reads = s.reads;
    if (isOneOf(s.partitionMode, ['CP', 'AP'] as const)) v.partitionMode = s.partitionMode;
    v.seed = s.seed;
    if (s.durationS > 0) v.durationS = s.durationS;
    if (SPEEDS.includes(s.speed)) v.speed = s.speed;
    this.settingsTouched = true;
    this.writeControls();
  }

  // ---- controls ------------------------------------------------------------------------------

  private writeControls(): void {
    const v = this.settingsValue;
    if (!(PRESET_NAMES as readonly string[]).includes(v.preset)) v.preset = DEFAULTS.preset;
    this.inputs.preset.value = v.preset;
    this.inputs.rps.value = String(v.rps);
    this.inputs.readRatio.value = String(v.readRatio);
    setText(this.inputs.readRatioOut, v.readRatio.toFixed(2));
    this.inputs.replication.value = v.replication;
    this.inputs.reads.value = v.reads;
    this.inputs.partitionMode.value = v.partitionMode;
    this.inputs.seed.value = String(v.seed);
    this.inputs.durationS.value = String(v.durationS);
    this.inputs.speed.value = String(v.speed);
  }

  private controlsChanged(el: HTMLElement): void {
    const i = this.inputs;
    const v = this.settingsValue;
    const num = (input: HTMLInputElement, fallback: number, lo: number, hi: number): number => {
      const n = Number(input.value);
      return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : fallback;
    };
    v.rps = num(i.rps, v.rps, 1, 100_000);
    v.readRatio = num(i.readRatio, v.readRatio, 0, 1);
    v.seed = Math.round(num(i.seed, v.seed, 0, 2 ** 31 - 1));
    v.durationS = Math.round(num(i.durationS, v.durationS, 1, 3600));
    if (isOneOf(i.replication.value, REPLICATION)) v.replication = i.replication.value;
    if (isOneOf(i.reads.value, ['primary', 'replica', 'read-your-writes', 'quorum'] as const)) v.reads = i.reads.value;
    if (isOneOf(i.partitionMode.value, ['CP', 'AP'] as const)) v.partitionMode = i.partitionMode.value;
    const speed = Number(i.speed.value);
    if (SPEEDS.includes(speed)) v.speed = speed;
    if (el === i.preset) {
      v.preset = i.preset.value;
      if (this.design) this.applyPreset(this.design);
    } else if (el !== i.speed) {
      this.settingsTouched = true;
    }
    this.writeControls();
    this.callbacks.onSettingsChange();
    if (el === i.speed) {
      if (this.loaded) this.send({ type: 'speed', runId: this.runId, speed: v.speed });
      return;
    }
    // Any other setting defines a different run: it applies from the next Reset (or Play after a finished run).
    if (this.loaded) {
      this.stale = true;
      setText(this.notice, 'Settings changed: Reset to run with them.');
    }
  }

  /** Fills the controls with the preset's scenario for this design; the user adjusts from there. */
  private applyPreset(design: Design): void {
    const v = this.settingsValue;
    const r = resolveScenario(design, undefined, { preset: v.preset });
    if (!r.ok) return;
    const s = r.scenario;
    v.rps = s.workload.rps;
    v.readRatio = s.workload.readRatio;
    if (isOneOf(s.replication.mode, REPLICATION)) v.replication = s.replication.mode;
    v.reads = s.reads;
    v.partitionMode = s.partitionMode;
    v.durationS = s.durationS;
    this.writeControls();
  }

  // ---- transport -----------------------------------------------------------------------------

  private ensureLoaded(): boolean {
    if (!this.design) return false;
    const worker = this.ensureWorker();
    if (!worker) return false;
    if (!this.loaded || this.stale) this.load();
    return true;
  }

  private load(): void {
    if (!this.design) return;
    this.runId++;
    this.loaded = true;
    this.stale = false;
    this.finished = false;
    this.playing = false;
    this.points = [];
    this.lastFrameNodes.clear();
    this.view.clearFrame();
    this.events.replaceChildren();
    this.summary.replaceChildren();
    for (const cell of this.metricCells.values()) setText(cell, '–');
    setText(this.notice, '');
    this.resetCharts();
    this.send({ type: 'load', runId: this.runId, design: this.design, settings: { ...this.settingsValue } });
  }

  private doPlay(): void {
    if (this.finished && !this.stale) this.load();
    if (!this.ensureLoaded()) return;
    this.playing = true;
    this.send({ type: 'play', runId: this.runId, speed: this.settingsValue.speed });
    this.updateButtons();
  }

  private doPause(): void {
    if (!this.loaded) return;
    this.playing = false;
    this.send({ type: 'pause', runId: this.runId });
    this.updateButtons();
  }

  private doStep(): void {
    if (this.finished && !this.stale) return;
    if (!this.ensureLoaded()) return;
    if (this.playing) this.doPause();
    this.send({ type: 'step', runId: this.runId, ms: STEP_MS });
  }

  private doReset(): void {
    if (!this.design) return;
    if (!this.ensureWorker()) return;
    this.load();
    this.updateButtons();
  }

  private doPartition(): void {
    if (!this.design || this.selectedRegions.size === 0) return;
    const regions = this.design.groups.filter((g) => g.kind === 'region').map((g) => g.id);
    const all = regions.length > 0 ? regions : this.design.groups.map((g) => g.id);
    const selected = [...this.selectedRegions];
    const rest = all.filter((g) => !this.selectedRegions.has(g));
    this.sendFault({ kind: 'partition', groups: rest.length > 0 ? [selected, rest] : [selected] });
    this.selectedRegions.clear();
    this.view.setSelectedGroups(this.selectedRegions);
    this.updateButtons();
  }

  private sendFault(fault: UserFault): void {
    if (!this.ensureLoaded()) return;
    this.send({ type: 'fault', runId: this.runId, fault });
  }

  private updateButtons(): void {
    const can = this.design !== undefined && this.workerFailed === undefined;
    this.play.disabled = !can || this.playing;
    this.pause.disabled = !can || !this.playing;
    this.step.disabled = !can || (this.finished && !this.stale);
    this.reset.disabled = !can || !this.loaded;
    this.partition.disabled = !can || this.selectedRegions.size === 0;
    this.heal.disabled = !can || !this.loaded;
    setText(this.regionsLabel, this.selectedRegions.size > 0 ? `Selected: ${[...this.selectedRegions].join(', ')}` : '');
    if (this.workerFailed) setText(this.notice, this.workerFailed);
    else if (!this.design) setText(this.notice, 'No design to simulate.');
    else if (this.notice.textContent === 'No design to simulate.') setText(this.notice, '');
  }

  // ---- worker --------------------------------------------------------------------------------

  private ensureWorker(): Worker | undefined {
    if (this.worker || this.workerFailed) return this.worker;
    const pending: PageToWorker[] = [];
    // Until the worker exists (it is fetched first), queue what the user asked for.
    const queueing = { postMessage: (m: PageToWorker) => pending.push(m) } as unknown as Worker;
    this.worker = queueing;
    void startWorker(this.workerUrl).then(
      (worker) => {
        worker.onmessage = (e: MessageEvent<WorkerToPage>) => this.onWorkerMessage(e.data);
        worker.onerror = (e) => this.failed(`The simulation stopped: ${e.message || 'worker error'}`);
        this.worker = worker;
        for (const m of pending) worker.postMessage(m);
      },
      (err: unknown) => this.failed(`The simulation could not start: ${err instanceof Error ? err.message : String(err)}`),
    );
    return this.worker;
  }

  private failed(message: string): void {
    this.workerFailed = message;
    this.worker = undefined;
    this.playing = false;
    setText(this.notice, message);
    this.callbacks.onStatus(message);
    this.updateButtons();
  }

  private send(m: PageToWorker): void {
    this.worker?.postMessage(m);
  }

  private onWorkerMessage(m: WorkerToPage): void {
    switch (m.type) {
      case 'frame':
        if (m.runId !== this.runId) return;
        // Frames can come faster than the screen refreshes: draw the newest once per frame,
        // but keep every series point and event.
        if (this.pendingFrame) {
          m = { ...m, points: [...this.pendingFrame.points, ...m.points], events: [...this.pendingFrame.events, ...m.events] };
        }
        this.pendingFrame = m;
        if (!this.frameScheduled) {
          this.frameScheduled = true;
          requestAnimationFrame(() => this.drawFrame());
        }
        return;
      case 'summary':
        if (m.runId !== this.runId) return;
        void this.drawSummary(m.metrics, m.verdicts, m.checkNote);
        return;
      case 'error':
        if (m.runId !== this.runId && m.runId !== 0) return;
        this.playing = false;
        setText(this.notice, m.message);
        this.updateButtons();
        return;
      default: {
        const never: never = m;
        return never;
      }
    }
  }

  // ---- drawing -------------------------------------------------------------------------------

  private drawFrame(): void {
    this.frameScheduled = false;
    const f = this.pendingFrame;
    this.pendingFrame = undefined;
    if (!f || f.runId !== this.runId) return;
    // Settle layout from earlier changes (charts, tables) so the measure below is this frame's own.
    this.view.currentSvg?.getBBox();
    const t0 = performance.now();
    const frame = new Map<string, NodeVisual>();
    for (const [id, state, note] of f.nodes) frame.set(id, note ? { state, note } : { state });
    this.view.applyFrame(frame);
    const t1 = performance.now();
    performance.measure('sdlab:apply-frame', { start: t0, end: t1 });
    // Style and layout for the new state happen before the next paint anyway; doing them now
    // lets us measure the whole cost of a frame of state (reported by the benchmark).
    this.view.viewport.getBoundingClientRect();
    this.view.currentSvg?.getBBox();
    performance.measure('sdlab:apply-frame-layout', { start: t0, end: performance.now() });
    this.lastFrameNodes = frame;

    setText(this.clock, `${(f.nowMs / 1000).toFixed(1)} s / ${(f.durationMs / 1000).toFixed(0)} s`);
    for (const row of METRIC_ROWS) setText(this.metricCells.get(row.key)!, row.format(f.metrics[row.key]));
    if (f.points.length > 0) {
      this.points.push(...f.points);
      this.updateCharts();
    }
    if (f.events.length > 0) this.appendEvents(f.events);
    this.playing = f.playing && !f.finished;
    this.finished = f.finished;
    this.root.dataset.simTime = String(f.nowMs);
    this.root.dataset.simState = f.finished ? 'finished' : f.playing ? 'playing' : 'paused';
    this.updateButtons();
  }

  private appendEvents(events: EventView[]): void {
    const items = events.map((e) => h('li', { 'data-kind': e.kind }, `${(e.atMs / 1000).toFixed(2)} s — ${e.text}`));
    this.events.append(...items);
    while (this.events.childElementCount > 500) this.events.firstElementChild?.remove();
    this.events.scrollTop = this.events.scrollHeight;
  }

  private resetCharts(): void {
    for (const c of this.charts) c.plot.destroy();
    this.chartsEl.replaceChildren();
    this.charts = [];
    const style = getComputedStyle(document.documentElement);
    const fg = style.getPropertyValue('--sdl-fg').trim() || '#333';
    const grid = style.getPropertyValue('--sdl-border').trim() || '#ccc';
    const width = Math.max(200, this.chartsEl.clientWidth || this.root.clientWidth - 24);
    for (const spec of CHARTS) {
      const el = h('div', { class: 'chart', id: spec.id }, h('div', { class: 'title' }, spec.title));
      this.chartsEl.append(el);
      const axis = { stroke: fg, grid: { stroke: grid, width: 0.5 }, ticks: { stroke: grid, width: 0.5 }, font: '10px sans-serif' };
      const plot = new uPlot(
        {
          width,
          height: CHART_HEIGHT,
          legend: { show: true, live: false },
          cursor: { drag: { x: false, y: false } },
          scales: { x: { time: false } },
          axes: [
            { ...axis, size: 26, values: (_u, ticks) => ticks.map((t) => `${t}s`) },
            { ...axis, size: 48 },
          ],
          series: [{ label: 't' }, ...spec.series.map((s) => ({ label: s.label, stroke: style.getPropertyValue(s.color).trim() || fg, width: 1.5, points: { show: false } }))],
        },
        [[], ...spec.series.map(() => [])],
        el,
      );
      this.charts.push({ spec, plot, el });
    }
  }

  private updateCharts(): void {
    const t = this.points.map((p) => p.t);
    for (const c of this.charts) {
      c.plot.setData([t, ...c.spec.series.map((s) => this.points.map((p) => (s.scale ? s.scale(p[s.key]) : p[s.key])))]);
    }
  }

  private async drawSummary(metrics: MetricsView, verdicts: VerdictView[], note: string | undefined): Promise<void> {
    const rows = METRIC_ROWS.map((r) => h('tr', {}, h('th', { scope: 'row' }, r.label), h('td', {}, r.format(metrics[r.key]))));
    const children: Node[] = [h('h2', {}, 'Run summary'), h('table', { class: 'metrics', id: 'sim-summary-metrics' }, ...rows)];
    if (verdicts.length > 0 || note) children.push(h('h2', {}, 'Checker'));
    if (note) children.push(h('p', { class: 'hint' }, note));
    const list = h('ul', { id: 'sim-verdicts' });
    const witnesses: { el: HTMLElement; text: string }[] = [];
    for (const v of verdicts) {
      const cls = v.ok === true ? 'verdict-ok' : v.ok === false ? 'verdict-bad' : '';
      const li = h('li', { class: cls, 'data-verdict': v.ok === true ? 'ok' : v.ok === false ? 'violated' : 'unknown' }, h('strong', {}, v.name), ` — ${v.text}`);
      if (v.witness) {
        const box = h('div', { class: 'witness' });
        li.append(box);
        witnesses.push({ el: box, text: v.witness });
      }
      list.append(li);
    }
    if (verdicts.length > 0) children.push(list);
    this.summary.replaceChildren(...children);
    // Witnesses are Mermaid sequence diagrams drawn by the same strict Mermaid as the design.
    for (const w of witnesses.slice(0, 3)) {
      const stage = h('div', { class: 'witness-stage' });
      document.getElementById('render-stage')?.append(stage);
      const r = await renderMermaid(w.text, stage);
      stage.remove();
      if (r.ok) w.el.append(r.svg);
      else w.el.append(h('pre', {}, w.text));
    }
  }
}

/** What a run depends on: components, links and groups — not labels' wording or positions. */
function topologyKey(d: Design): string {
  return JSON.stringify([
    d.components.map((c) => [c.id, c.kind, c.instances, c.role, c.group, c.region, c.attributes]),
    d.links.map((l) => [l.from, l.to, l.kind, l.mode]),
    d.groups.map((g) => [g.id, g.kind, g.parent]),
    d.requirements,
  ]);
}

function isOneOf<T extends string>(x: string, options: readonly T[]): x is T {
  return (options as readonly string[]).includes(x);
}
