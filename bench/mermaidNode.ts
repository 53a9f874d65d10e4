// Runs in Node (benchmarks only). Mermaid's own parser in this process, to time beside ours.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What the benchmarks use of Mermaid; `getDiagramFromText`'s result is read per benchmark. */
export interface MermaidApi<D = unknown> {
  initialize(config: Record<string, unknown>): void;
  mermaidAPI: { getDiagramFromText(text: string): Promise<D> };
}

/** Imports a package installed in the project (the bundled bench runs from a temporary folder). */
async function importFromProject(specifier: string): Promise<Record<string, unknown>> {
  const require = createRequire(join(process.cwd(), 'package.json'));
  return (await import(pathToFileURL(require.resolve(specifier)).href)) as Record<string, unknown>;
}

/** Mermaid on a jsdom window, with its size limits raised for 10,000-node diagrams. */
export async function loadMermaid<D = unknown>(): Promise<MermaidApi<D>> {
  // Mermaid needs a DOM as soon as labels are sanitized (../shared/notes/mermaid-in-node.md).
  const jsdom = (await importFromProject('jsdom')) as { JSDOM: new (html: string) => { window: { document: unknown } } };
  const dom = new jsdom.JSDOM('<!doctype html><html><body></body></html>');
  const g = globalThis as Record<string, unknown>;
  g.window = dom.window;
  g.document = dom.window.document;
  const mermaid = (await importFromProject('mermaid/dist/mermaid.core.mjs')).default as MermaidApi<D>;
  mermaid.initialize({ startOnLoad: false, maxEdges: 1_000_000, maxTextSize: 100_000_000 });
  return mermaid;
}
