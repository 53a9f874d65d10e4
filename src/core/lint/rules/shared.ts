/** Small helpers the rules share: docs links, kind tests, and the "put a node in front" fix. */
import type { ComponentKind, Link, TextEdit } from '../../design/types';
import type { LintContext } from '../context';
import type { FixWriter } from '../fixes';
import { listNames } from '../graph';

/** The repository in package.json; rule pages live under docs/rules/. */
export const REPOSITORY_URL = 'https://github.com/system-design-lab/system-design-lab';

export function docsUrl(id: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${id}.md`;
}

/** What a service or worker calls that can be slow or down: anything but the edge, users and observers. */
export const DEPENDENCY_KINDS = new Set<ComponentKind>([
  'service',
  'worker',
  'gateway',
  'load-balancer',
  'cache',
  'database',
  'queue',
  'object-store',
  'search',
]);

export function kindOf(ctx: LintContext, i: number): ComponentKind {
  return ctx.graph.components[i]!.kind;
}

/** Components by their labels, as written: `A`, `A and B`, `A, B, C and 2 more`. */
export function names(ctx: LintContext, indices: readonly number[], max = 3): string {
  return listNames(
    indices.map((i) => ctx.graph.label(i)),
    max,
  );
}

export function joinAnd(items: readonly string[]): string {
  return listNames(items, Infinity);
}

/**
 * Puts new text in front of the target of each link (`dns --> lb` becomes `dns --> cdn[CDN] --> lb`),
 * once per place in the text (`a & b --> lb` is one place for two links). `first` is written at
 * the first place, `rest` at the others. Undefined when some link's target cannot be found in
 * its range (an edge into a subgraph, say): the caller then adds lines instead.
 */
export function insertBeforeTargets(
  ctx: LintContext,
  writer: FixWriter,
  links: readonly Link[],
  first: string,
  rest: string,
): TextEdit[] | undefined {
  const places = new Map<string, TextEdit>();
  for (const link of links) {
    const to = ctx.graph.indexOf.get(link.to);
    if (to === undefined) return undefined;
    const at = writer.occurrenceIn(ctx.graph.components[to]!, link.range);
    if (!at) return undefined;
    const key = `${at.start.line}:${at.start.character}`;
    if (!places.has(key)) places.set(key, writer.insert(at.start, ''));
  }
  const edits = [...places.values()].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  edits.forEach((e, n) => (e.newText = n === 0 ? first : rest));
  return edits;
}

/** `a & b` for a Mermaid chain. */
export function ampersand(ids: readonly string[]): string {
  return ids.join(' & ');
}
