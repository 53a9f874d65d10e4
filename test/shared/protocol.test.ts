import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHostMessage, parsePageMessage, parsePanelState, type HostToPage, type PageToHost } from '../../src/shared/protocol';

// An independent statement of what each message must look like, written the long way round,
// so a validator that lets a wrong shape through is caught.
const nat = (x: unknown): boolean => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const str = (x: unknown): boolean => typeof x === 'string';
const pos = (x: unknown): boolean => typeof x === 'object' && x !== null && nat((x as { line: unknown }).line) && nat((x as { character: unknown }).character);

function isWellFormedHost(m: HostToPage): boolean {
  const keys = Object.keys(m).sort().join(',');
  switch (m.type) {
    case 'document':
      return keys === 'fileName,languageId,text,type,uri,version' && str(m.uri) && m.uri.length > 0 && str(m.text) && nat(m.version) && str(m.languageId);
    case 'cursor':
      return keys === 'position,type,uri' && pos(m.position) && str(m.uri);
    case 'showDesign':
      return keys === 'index,type,uri' && nat(m.index) && str(m.uri);
    case 'lintSettings':
      return (
        keys === 'availabilityDefaults,rules,type' &&
        m.rules.every(([k, v]) => str(k) && ['off', 'hint', 'info', 'warning', 'error'].includes(v)) &&
        m.availabilityDefaults.every(([k, v]) => str(k) && v > 0 && v <= 1)
      );
    case 'exportResult':
      return (keys === 'outcome,requestId,type' || keys === 'detail,outcome,requestId,type') && nat(m.requestId) && ['saved', 'cancelled', 'failed'].includes(m.outcome);
  }
}

function isWellFormedPage(m: PageToHost): boolean {
  const keys = Object.keys(m).sort().join(',');
  switch (m.type) {
    case 'ready':
      return keys === 'type';
    case 'reveal':
      return keys === 'range,type,uri' && pos(m.range.start) && pos(m.range.end) && str(m.uri);
    case 'export':
      return keys === 'data,format,requestId,type' && nat(m.requestId) && (m.format === 'svg' ? m.data.trimStart().startsWith('<svg') : m.data.startsWith('data:image/png;base64,'));
  }
}

/** Objects that look a lot like messages: a real type, some right fields, some wrong ones. */
const fieldValue = fc.oneof(
  fc.jsonValue(),
  fc.nat(),
  fc.integer({ min: -5, max: 5 }),
  fc.double(),
  fc.string(),
  fc.constantFrom('svg', 'png', 'saved', 'cancelled', 'failed', '<svg></svg>', 'data:image/png;base64,AAAA', 'file:///a.mmd'),
  fc.array(fc.tuple(fc.constantFrom('spof', 'cache', ''), fc.oneof(fc.constantFrom('off', 'error', 'loud'), fc.double({ min: -1, max: 2 })))),
  fc.record({ line: fc.integer({ min: -2, max: 5 }), character: fc.oneof(fc.nat(5), fc.string()) }),
  fc.record({
    start: fc.record({ line: fc.nat(5), character: fc.nat(5) }),
    end: fc.record({ line: fc.nat(5), character: fc.nat(5) }),
  }),
);
const messageLike = fc.record(
  {
    type: fc.constantFrom('document', 'cursor', 'showDesign', 'lintSettings', 'exportResult', 'ready', 'reveal', 'export', 'toString', '__proto__', 'constructor', ''),
    uri: fieldValue,
    fileName: fieldValue,
    languageId: fieldValue,
    version: fieldValue,
    text: fieldValue,
    position: fieldValue,
    requestId: fieldValue,
    outcome: fieldValue,
    detail: fieldValue,
    range: fieldValue,
    index: fieldValue,
    rules: fieldValue,
    availabilityDefaults: fieldValue,
    format: fieldValue,
    data: fieldValue,
    extra: fieldValue,
  },
  { requiredKeys: ['type'] },
);

const validMessages: Record<string, unknown>[] = [
  { type: 'document', uri: 'file:///a.mmd', fileName: 'a.mmd', languageId: 'mermaid', version: 1, text: 'flowchart LR' },
  { type: 'cursor', uri: 'file:///a.mmd', position: { line: 1, character: 2 } },
  { type: 'exportResult', requestId: 1, outcome: 'saved', detail: '/tmp/a.svg' },
  { type: 'showDesign', uri: 'file:///a.md', index: 1 },
  { type: 'lintSettings', rules: [['spof', 'off']], availabilityDefaults: [['cache', 0.999]] },
  { type: 'ready' },
  { type: 'reveal', uri: 'file:///a.mmd', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } } },
  { type: 'export', requestId: 2, format: 'png', data: 'data:image/png;base64,AAAA' },
];
/** A valid message with one field changed to something arbitrary, or removed. */
const nearMiss = fc
  .tuple(fc.constantFrom(...validMessages), fc.constantFrom('uri', 'fileName', 'languageId', 'version', 'text', 'position', 'requestId', 'outcome', 'detail', 'range', 'index', 'rules', 'availabilityDefaults', 'format', 'data', 'type'), fc.option(fieldValue))
  .map(([m, key, value]) => {
    const copy: Record<string, unknown> = { ...m };
    if (value === null) delete copy[key];
    else copy[key] = value;
    return copy;
  });

describe('protocol validators', () => {
  it('never throw on arbitrary JSON, and what they accept is well formed', () => {
    const accepted = new Map<string, number>();
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), messageLike, nearMiss), (x) => {
        const viaJson: unknown = JSON.parse(JSON.stringify(x) ?? 'null');
        for (const v of [x, viaJson]) {
          const h = parseHostMessage(v);
          if (h) expect(isWellFormedHost(h)).toBe(true);
          const p = parsePageMessage(v);
          if (p) expect(isWellFormedPage(p)).toBe(true);
          const m = h ?? p;
          if (m) accepted.set(m.type, (accepted.get(m.type) ?? 0) + 1);
          parsePanelState(v);
        }
      }),
      { numRuns: 5000, seed: 42 },
    );
    // The generator must reach the accepting paths, or this property proves nothing.
    for (const t of ['document', 'cursor', 'showDesign', 'lintSettings', 'exportResult', 'ready', 'reveal', 'export']) expect(accepted.get(t) ?? 0, t).toBeGreaterThan(0);
  });

  it('accept exactly one side: a page message is never taken for a host message and vice versa', () => {
    fc.assert(
      fc.property(fc.oneof(messageLike, nearMiss), (x) => {
        const h = parseHostMessage(x);
        const p = parsePageMessage(x);
        expect(h !== undefined && p !== undefined).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('pass valid messages through and drop unknown fields', () => {
    const doc = { type: 'document', uri: 'file:///a.mmd', fileName: 'a.mmd', languageId: 'mermaid', version: 3, text: 'flowchart LR\n a-->b', extra: 1 };
    expect(parseHostMessage(doc)).toEqual({ type: 'document', uri: 'file:///a.mmd', fileName: 'a.mmd', languageId: 'mermaid', version: 3, text: 'flowchart LR\n a-->b' });
    expect(parsePageMessage({ type: 'ready' })).toEqual({ type: 'ready' });
    const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } };
    expect(parsePageMessage({ type: 'reveal', uri: 'file:///a.mmd', range })).toEqual({ type: 'reveal', uri: 'file:///a.mmd', range });
    expect(parsePageMessage({ type: 'export', requestId: 4, format: 'svg', data: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' })?.type).toBe('export');
  });

  it('reject wrong shapes a sender might produce', () => {
    // a range that ends before it starts
    expect(parsePageMessage({ type: 'reveal', uri: 'file:///a', range: { start: { line: 3, character: 0 }, end: { line: 1, character: 0 } } })).toBeUndefined();
    // negative or fractional positions
    expect(parseHostMessage({ type: 'cursor', uri: 'file:///a', position: { line: -1, character: 0 } })).toBeUndefined();
    expect(parseHostMessage({ type: 'cursor', uri: 'file:///a', position: { line: 1.5, character: 0 } })).toBeUndefined();
    // a PNG export that is not a PNG data URL; an SVG export that is not SVG
    expect(parsePageMessage({ type: 'export', requestId: 1, format: 'png', data: 'data:text/html;base64,PHNjcmlwdD4=' })).toBeUndefined();
    expect(parsePageMessage({ type: 'export', requestId: 1, format: 'svg', data: '<html><script>alert(1)</script>' })).toBeUndefined();
    // a host message sent to the host, a page message sent to the page
    expect(parsePageMessage({ type: 'cursor', uri: 'file:///a', position: { line: 0, character: 0 } })).toBeUndefined();
    expect(parseHostMessage({ type: 'ready' })).toBeUndefined();
  });

  it('do not read fields from the prototype chain', () => {
    const viaProto = JSON.parse('{"__proto__": {"type": "ready"}}') as unknown;
    expect(parsePageMessage(viaProto)).toBeUndefined();
    const inherited = Object.create({ type: 'ready' }) as unknown;
    expect(parsePageMessage(inherited)).toBeUndefined();
  });

  it('restore saved panel state and drop what does not fit', () => {
    const s = parsePanelState({ uri: 'file:///a.md', fileName: 'a.md', designIndex: 1, view: { scale: 0, x: 1, y: 2 }, sim: { preset: 1 } });
    expect(s).toEqual({ uri: 'file:///a.md', fileName: 'a.md', designIndex: 1 });
    expect(parsePanelState({ uri: '', fileName: 'a', designIndex: 0 })).toBeUndefined();
    expect(parsePanelState({ uri: 'file:///a', fileName: 'a', designIndex: 0, view: { scale: 2, x: 3, y: 4 } })?.view).toEqual({ scale: 2, x: 3, y: 4 });
  });
});
