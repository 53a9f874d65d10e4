/**
 * Messages between the extension host and the simulator panel's page, both ways.
 *
 * Two discriminated unions keyed by `readonly type`, imported by the host (src/vscode/panel)
 * and the page (src/webview). A message crosses a trust boundary in each direction — the page
 * renders text anyone can commit to a repository, so the host treats what it posts as data
 * that may have been tampered with, and the page does the same for the host. Every message is
 * validated on arrival with the parsers below; anything that does not match exactly is
 * ignored (`undefined`), never thrown on.
 *
 * Requests that expect an answer carry a `requestId` chosen by the sender; the answer echoes it.
 */

/**
 * What the page needs before the host's first message, embedded in its HTML (escaped) so it
 * shows at once with no round trip. The page validates it like any message.
 */
export interface InitialData {
  uri: string;
  fileName: string;
  languageId: string;
  version: number;
  text: string;
  /** The page's saved state when restored after a reload (already validated). */
  state?: unknown;
}

/** 0-based, like VS Code. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

// ---------------------------------------------------------------------------------------------
// Host -> page

/** The design file's full text. Sent on open, after the page says it is ready, and (debounced) on every edit. */
export interface DocumentMessage {
  readonly type: 'document';
  readonly uri: string;
  /** For titles and export names only; never used as a path by the page. */
  readonly fileName: string;
  readonly languageId: string;
  readonly version: number;
  readonly text: string;
}

/** Where the editor's cursor is in the design file; the page highlights the node there. */
export interface CursorMessage {
  readonly type: 'cursor';
  readonly uri: string;
  readonly position: Position;
}

/** Show the design at this index (Markdown files can hold several): sent when opened from a CodeLens. */
export interface ShowDesignMessage {
  readonly type: 'showDesign';
  readonly uri: string;
  readonly index: number;
}

/**
 * The user's lint settings (`systemDesignLab.rules`, `systemDesignLab.availability.defaults`),
 * already checked by the host, so the badges match the editor's diagnostics.
 */
export interface LintSettingsMessage {
  readonly type: 'lintSettings';
  /** [rule id, off | hint | info | warning | error]. */
  readonly rules: readonly (readonly [string, LintRuleSetting])[];
  /** [component kind, per-instance availability as a fraction in (0, 1]]. */
  readonly availabilityDefaults: readonly (readonly [string, number])[];
}

export type LintRuleSetting = 'off' | 'hint' | 'info' | 'warning' | 'error';

/** The answer to an `export` request. */
export interface ExportResultMessage {
  readonly type: 'exportResult';
  readonly requestId: number;
  readonly outcome: 'saved' | 'cancelled' | 'failed';
  /** Where it was saved, or why it failed. */
  readonly detail?: string;
}

export type HostToPage = DocumentMessage | CursorMessage | ShowDesignMessage | LintSettingsMessage | ExportResultMessage;

// ---------------------------------------------------------------------------------------------
// Page -> host

/** The page has loaded and wants the current document and cursor. */
export interface ReadyMessage {
  readonly type: 'ready';
}

/** The user clicked a node: show its source. */
export interface RevealMessage {
  readonly type: 'reveal';
  readonly uri: string;
  readonly range: Range;
}

export type ExportFormat = 'svg' | 'png';

/** Save the diagram through a save dialog. The host answers with `exportResult`. */
export interface ExportMessage {
  readonly type: 'export';
  readonly requestId: number;
  readonly format: ExportFormat;
  /** SVG markup for `svg`; a `data:image/png;base64,` URL for `png`. */
  readonly data: string;
}

export type PageToHost = ReadyMessage | RevealMessage | ExportMessage;

// ---------------------------------------------------------------------------------------------
// Persisted page state (acquireVsCodeApi().setState), handed to the panel serializer after a
// window reload. It is the page's own data, but it comes back through VS Code from disk, so it
// is validated like a message.

export interface SavedSimSettings {
  readonly preset: string;
  readonly rps: number;
  readonly readRatio: number;
  readonly replication: string;
  readonly reads: string;
  readonly partitionMode: string;
  readonly seed: number;
  readonly durationS: number;
  readonly speed: number;
}

export interface PanelState {
  readonly uri: string;
  readonly fileName: string;
  /** Index of the design shown, for Markdown files holding several. */
  readonly designIndex: number;
  readonly view?: { readonly scale: number; readonly x: number; readonly y: number };
  readonly sim?: SavedSimSettings;
}

// ---------------------------------------------------------------------------------------------
// Limits. Generous for real designs; they only stop a tampered or broken sender from making the
// other side allocate without bound.

/** 20 MB of design text: far beyond what Mermaid renders (maxTextSize is raised to 1M chars). */
export const MAX_TEXT_LENGTH = 20_000_000;
/** Exported images: 64 MB of SVG markup or base64 PNG. */
export const MAX_EXPORT_LENGTH = 64_000_000;
const MAX_URI_LENGTH = 8_192;
const MAX_NAME_LENGTH = 1_024;
const MAX_LINE = 10_000_000;

// ---------------------------------------------------------------------------------------------
// Validators. Hand-written on purpose: small, total (never throw on any JSON value), and exact
// (a message with a wrong field is dropped, not repaired).

type Rec = Record<string, unknown>;

function isRecord(x: unknown): x is Rec {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Own properties only: `{ "__proto__": … }` or inherited names must not count as fields. */
function own(o: Rec, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

function isStr(x: unknown, max: number, min = 0): x is string {
  return typeof x === 'string' && x.length >= min && x.length <= max;
}

function isNat(x: unknown, max = Number.MAX_SAFE_INTEGER): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= max;
}

function isFiniteNum(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function position(x: unknown): Position | undefined {
  if (!isRecord(x)) return undefined;
  const line = own(x, 'line');
  const character = own(x, 'character');
  return isNat(line, MAX_LINE) && isNat(character, MAX_LINE) ? { line, character } : undefined;
}

function range(x: unknown): Range | undefined {
  if (!isRecord(x)) return undefined;
  const start = position(own(x, 'start'));
  const end = position(own(x, 'end'));
  if (!start || !end) return undefined;
  const ordered = start.line < end.line || (start.line === end.line && start.character <= end.character);
  return ordered ? { start, end } : undefined;
}

function typeOf(x: unknown): string | undefined {
  if (!isRecord(x)) return undefined;
  const t = own(x, 'type');
  return typeof t === 'string' ? t : undefined;
}

const HOST_TYPES = ['document', 'cursor', 'showDesign', 'lintSettings', 'exportResult'] as const;
const PAGE_TYPES = ['ready', 'reveal', 'export'] as const;

/** Validates a message the page received. Unknown or malformed messages give `undefined`. */
export function parseHostMessage(x: unknown): HostToPage | undefined {
  const type = typeOf(x);
  if (!isRecord(x) || !isOneOf(type, HOST_TYPES)) return undefined;
  switch (type) {
    case 'document': {
      const uri = own(x, 'uri');
      const fileName = own(x, 'fileName');
      const languageId = own(x, 'languageId');
      const version = own(x, 'version');
      const text = own(x, 'text');
      if (!isStr(uri, MAX_URI_LENGTH, 1) || !isStr(fileName, MAX_NAME_LENGTH) || !isStr(languageId, 128, 1)) return undefined;
      if (!isNat(version) || !isStr(text, MAX_TEXT_LENGTH)) return undefined;
      return { type, uri, fileName, languageId, version, text };
    }
    case 'cursor': {
      const uri = own(x, 'uri');
      const pos = position(own(x, 'position'));
      return isStr(uri, MAX_URI_LENGTH, 1) && pos ? { type, uri, position: pos } : undefined;
    }
    case 'showDesign': {
      const uri = own(x, 'uri');
      const index = own(x, 'index');
      return isStr(uri, MAX_URI_LENGTH, 1) && isNat(index, 10_000) ? { type, uri, index } : undefined;
    }
    case 'lintSettings': {
      const rules = pairs(own(x, 'rules'), (k, v) => isStr(k, 128, 1) && isOneOf(v, RULE_SETTINGS));
      const defaults = pairs(own(x, 'availabilityDefaults'), (k, v) => isStr(k, 64, 1) && isFiniteNum(v) && v > 0 && v <= 1);
      if (!rules || !defaults) return undefined;
      return { type, rules: rules as [string, LintRuleSetting][], availabilityDefaults: defaults as [string, number][] };
    }
    case 'exportResult': {
      const requestId = own(x, 'requestId');
      const outcome = own(x, 'outcome');
      const detail = own(x, 'detail');
      if (!isNat(requestId) || !isOneOf(outcome, ['saved', 'cancelled', 'failed'] as const)) return undefined;
      if (detail !== undefined && !isStr(detail, MAX_URI_LENGTH)) return undefined;
      return detail === undefined ? { type, requestId, outcome } : { type, requestId, outcome, detail };
    }
    default:
      return assertNever(type);
  }
}

/** Validates a message the host received. Unknown or malformed messages give `undefined`. */
export function parsePageMessage(x: unknown): PageToHost | undefined {
  const type = typeOf(x);
  if (!isRecord(x) || !isOneOf(type, PAGE_TYPES)) return undefined;
  switch (type) {
    case 'ready':
      return { type };
    case 'reveal': {
      const uri = own(x, 'uri');
      const r = range(own(x, 'range'));
      return isStr(uri, MAX_URI_LENGTH, 1) && r ? { type, uri, range: r } : undefined;
    }
    case 'export': {
      const requestId = own(x, 'requestId');
      const format = own(x, 'format');
      const data = own(x, 'data');
      if (!isNat(requestId) || !isOneOf(format, ['svg', 'png'] as const) || !isStr(data, MAX_EXPORT_LENGTH, 1)) return undefined;
      if (format === 'png' && !data.startsWith(PNG_DATA_URL_PREFIX)) return undefined;
      if (format === 'svg' && !/^\s*<svg[\s>]/.test(data.slice(0, 256))) return undefined;
      return { type, requestId, format, data };
    }
    default:
      return assertNever(type);
  }
}

export const PNG_DATA_URL_PREFIX = 'data:image/png;base64,';

const SIM_KEYS = ['preset', 'replication', 'reads', 'partitionMode'] as const;

/** Validates state saved by the page (and handed back by VS Code after a reload). */
export function parsePanelState(x: unknown): PanelState | undefined {
  if (!isRecord(x)) return undefined;
  const uri = own(x, 'uri');
  const fileName = own(x, 'fileName');
  const designIndex = own(x, 'designIndex');
  if (!isStr(uri, MAX_URI_LENGTH, 1) || !isStr(fileName, MAX_NAME_LENGTH) || !isNat(designIndex, 10_000)) return undefined;
  const state: { -readonly [K in keyof PanelState]: PanelState[K] } = { uri, fileName, designIndex };
  const view = own(x, 'view');
  if (isRecord(view)) {
    const scale = own(view, 'scale');
    const vx = own(view, 'x');
    const vy = own(view, 'y');
    if (isFiniteNum(scale) && scale > 0 && isFiniteNum(vx) && isFiniteNum(vy)) state.view = { scale, x: vx, y: vy };
  }
  const sim = own(x, 'sim');
  if (isRecord(sim)) {
    const strings = SIM_KEYS.map((k) => own(sim, k));
    const [rps, readRatio, seed, durationS, speed] = ['rps', 'readRatio', 'seed', 'durationS', 'speed'].map((k) => own(sim, k));
    if (
      strings.every((s) => isStr(s, 64)) &&
      isFiniteNum(rps) &&
      isFiniteNum(readRatio) &&
      isNat(seed) &&
      isFiniteNum(durationS) &&
      isFiniteNum(speed)
    ) {
      const [preset, replication, reads, partitionMode] = strings as string[];
      state.sim = { preset: preset!, rps, readRatio, replication: replication!, reads: reads!, partitionMode: partitionMode!, seed, durationS, speed };
    }
  }
  return state;
}

const RULE_SETTINGS = ['off', 'hint', 'info', 'warning', 'error'] as const;

/** An array of at most 1,000 `[key, value]` pairs, each accepted by `ok`; undefined otherwise. */
function pairs(x: unknown, ok: (k: unknown, v: unknown) => boolean): [string, unknown][] | undefined {
  if (!Array.isArray(x) || x.length > 1_000) return undefined;
  const out: [string, unknown][] = [];
  for (const p of x) {
    if (!Array.isArray(p) || p.length !== 2 || !ok(p[0], p[1])) return undefined;
    out.push([p[0] as string, p[1]]);
  }
  return out;
}

function isOneOf<T extends string>(x: unknown, options: readonly T[]): x is T {
  return typeof x === 'string' && (options as readonly string[]).includes(x);
}

/** The exhaustive end of every `switch (msg.type)`: adding a message type without handling it is a type error. */
export function assertNever(x: never): never {
  throw new Error(`unhandled message: ${JSON.stringify(x)}`);
}
