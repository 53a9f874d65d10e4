// Runs in Node (tests). Mermaid's own parser as an oracle: does Mermaid accept this text?
// Mermaid needs a DOM as soon as a label is sanitized, so a jsdom window is installed first
// (../shared/notes/mermaid-in-node.md).
import { JSDOM } from 'jsdom';

type Mermaid = typeof import('mermaid').default;
let loading: Promise<Mermaid> | undefined;

async function load(): Promise<Mermaid> {
  const g = globalThis as unknown as { window?: unknown; document?: unknown };
  if (!g.window) {
    const dom = new JSDOM('<!doctype html><html><body></body></html>');
    g.window = dom.window;
    g.document = dom.window.document;
  }
  const mermaid = (await import('mermaid')).default;
  mermaid.initialize({ startOnLoad: false, maxEdges: 100_000, maxTextSize: 10_000_000 });
  return mermaid;
}

/** Undefined when Mermaid parses the text; its error message otherwise. */
export async function mermaidRejects(text: string): Promise<string | undefined> {
  loading ??= load();
  const mermaid = await loading;
  try {
    await mermaid.parse(text);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
