/**
 * Label text as Mermaid stores it. Mermaid passes every label through DOMPurify, which parses
 * it as HTML and serializes it back when it contains a `<`: `<br/>` becomes `<br>`, a bare `&`
 * becomes `&amp;`, a `<` that starts no tag becomes `&lt;`, script elements disappear. Then its private entity
 * encoding (`#quot;`) reads as HTML entities. This reproduces that serialization for what
 * labels contain in practice, without a DOM: a single linear scan with an element stack.
 */
import { decodeEntities } from './mermaidText';
import { isJsSpace } from './sourceText';

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', 'param', 'keygen']);

/** Elements DOMPurify removes together with their content (its FORBID_CONTENTS, plus script-like tags). */
const DROP_WITH_CONTENT = new Set([
  'script', 'style', 'iframe', 'noscript', 'noembed', 'noframes', 'plaintext', 'xmp', 'template', 'title', 'head',
  'object', 'frame', 'frameset', 'math', 'svg', 'audio', 'video', 'textarea',
]);

/** HTML elements DOMPurify keeps by default (others are removed, their content kept). */
const ALLOWED = new Set(
  (
    'a abbr acronym address area article aside b bdi bdo big blink blockquote body br button canvas caption center ' +
    'cite code col colgroup content data datalist dd decorator del details dfn dialog dir div dl dt element em ' +
    'fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 header hgroup hr html i img input ins kbd label ' +
    'legend li main map mark marquee menu menuitem meter nav nobr ol optgroup option output p picture pre progress ' +
    'q rp rt ruby s samp search section select shadow slot small source spacer span strike strong sub summary sup ' +
    'table tbody td tfoot th thead time tr track tt u ul var wbr'
  ).split(' '),
);

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0' };

export function sanitizeLabel(text: string): string {
  // DOMPurify returns a string without '<' unchanged.
  if (text.indexOf('<') < 0) return decodeEntities(text);
  return decodeEntities(serializeHtml(text));
}

function escapeText(s: string): string {
  // Most text between tags has nothing to escape: one look instead of four replacements.
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 38 || c === 60 || c === 62 || c === 0xa0) break;
    i++;
  }
  if (i === s.length) return s;
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\u00A0/g, '&nbsp;');
}

/** Attribute values as DOM serializers now write them: `<` and `>` escaped too. */
function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/\u00A0/g, '&nbsp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Character references in text are decoded by the HTML parser (then re-escaped on output). */
function decodeRefs(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);/g, (m, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return Object.hasOwn(NAMED, ref) ? NAMED[ref]! : m;
  });
}

interface Element {
  name: string;
  kept: boolean;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** The tag `readTag` read last: its lowercase name, serialized attributes, and the offset after its `>`. */
const tag = { name: '', attrs: '', end: 0 };

function serializeHtml(input: string): string {
  let out = '';
  const stack: Element[] = [];
  /** Depth inside an element removed with its content. */
  let dropping = 0;
  let dropName = '';
  let i = 0;
  const n = input.length;
  while (i < n) {
    const lt = input.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      if (!dropping) out += escapeText(decodeRefs(input.slice(i, textEnd)));
      i = textEnd;
      continue;
    }
    // At '<'.
    const next = input.charCodeAt(i + 1);
    if (isLetter(next)) {
      if (!readTag(input, i + 1)) break; // a tag cut off by the end of the label is dropped
      i = tag.end;
      const name = tag.name;
      if (dropping) {
        if (name === dropName) dropping++;
        continue;
      }
      if (DROP_WITH_CONTENT.has(name)) {
        if (!VOID.has(name)) {
          dropping = 1;
          dropName = name;
        }
        continue;
      }
      const kept = ALLOWED.has(name);
      if (kept) out += `<${name}${tag.attrs}>`;
      if (!VOID.has(name)) stack.push({ name, kept });
      continue;
    }
    if (next === 47 /* / */) {
      const c2 = input.charCodeAt(i + 2);
      if (isLetter(c2)) {
        if (!readTag(input, i + 2)) break;
        i = tag.end;
        if (dropping) {
          if (tag.name === dropName && --dropping === 0) dropName = '';
          continue;
        }
        const at = findOpen(stack, tag.name);
        if (at >= 0) {
          while (stack.length > at) {
            const el = stack.pop()!;
            if (el.kept) out += `</${el.name}>`;
          }
        } else if (tag.name === 'br') {
          out += '<br>';
        }
        continue;
      }
      // `</>` disappears; `</ ...>` is a bogus comment, removed up to the next '>'.
      const gt = input.indexOf('>', i + 2);
      i = gt < 0 ? n : gt + 1;
      continue;
    }
    if (next === 33 /* ! */ || next === 63 /* ? */) {
      const close = input.startsWith('<!--', i) ? input.indexOf('-->', i + 4) : input.indexOf('>', i + 2);
      i = close < 0 ? n : close + (input.startsWith('<!--', i) ? 3 : 1);
      continue;
    }
    if (!dropping) out += '&lt;';
    i++;
  }
  while (stack.length > 0) {
    const el = stack.pop()!;
    if (el.kept) out += `</${el.name}>`;
  }
  return out;
}

function findOpen(stack: Element[], name: string): number {
  for (let k = stack.length - 1; k >= 0; k--) if (stack[k]!.name === name) return k;
  return -1;
}

/** `\s`, `/` or `>`: what ends a tag name. */
function endsName(c: number): boolean {
  return c === 47 || c === 62 || isJsSpace(c);
}

/**
 * A start or end tag from its name (at `from`) to its `>`, into `tag`: lowercase name and
 * serialized attributes. False when the label ends first.
 */
function readTag(s: string, from: number): boolean {
  let i = from;
  const n = s.length;
  while (i < n && !endsName(s.charCodeAt(i))) i++;
  const name = s.slice(from, i).toLowerCase();
  let attrs = '';
  let seen: Set<string> | undefined;
  for (;;) {
    while (i < n && (isJsSpace(s.charCodeAt(i)) || s.charCodeAt(i) === 47)) i++;
    if (i >= n) return false;
    if (s.charCodeAt(i) === 62) {
      tag.name = name;
      tag.attrs = attrs;
      tag.end = i + 1;
      return true;
    }
    const a = i;
    while (i < n && !endsName(s.charCodeAt(i)) && s.charCodeAt(i) !== 61) i++;
    if (i === a) i++;
    const attr = s.slice(a, i).toLowerCase();
    while (i < n && isJsSpace(s.charCodeAt(i))) i++;
    let value = '';
    if (s.charCodeAt(i) === 61) {
      i++;
      while (i < n && isJsSpace(s.charCodeAt(i))) i++;
      const q = s[i];
      if (q === '"' || q === "'") {
        const close = s.indexOf(q, i + 1);
        if (close < 0) return false;
        value = s.slice(i + 1, close);
        i = close + 1;
      } else {
        const v = i;
        while (i < n && !isJsSpace(s.charCodeAt(i)) && s.charCodeAt(i) !== 62) i++;
        value = s.slice(v, i);
      }
    }
    seen ??= new Set();
    if (seen.has(attr)) continue;
    seen.add(attr);
    const decoded = decodeRefs(value);
    if (attr.startsWith('on')) continue;
    if ((attr === 'href' || attr === 'src' || attr === 'xlink:href' || attr === 'action') && /^\s*(javascript|vbscript|data):/i.test(decoded) && !/^\s*data:image\//i.test(decoded)) continue;
    attrs += ` ${attr}="${escapeAttr(decoded)}"`;
  }
}
