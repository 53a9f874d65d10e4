/**
 * Which kind of Mermaid diagram a text is, decided the way Mermaid decides it: after front
 * matter, directives and comments are removed, each registered detector is tried in Mermaid's
 * order and the first that matches wins. Only flowcharts and architecture-beta diagrams are
 * designs; the rest is reported so the caller can say what it found.
 */
import { prepareDiagram } from './mermaidText';
import type { Range } from './types';

export type DiagramFamily = 'flowchart' | 'architecture' | 'other';

export interface DetectedDiagram {
  /** Mermaid's diagram id: `flowchart-v2` (flowchart), `flowchart` (graph), `flowchart-elk`, `architecture`, `sequence`, ... */
  type: string;
  family: DiagramFamily;
  /** The word that decided it (the first word of the diagram). */
  range: Range;
}

/** Mermaid's detectors in registration order (mermaid 11.17): id and test on the cleaned text. */
const DETECTORS: [string, (t: string) => boolean][] = [
  ['error', (t) => t.toLowerCase().trim() === 'error'],
  ['---', (t) => t.toLowerCase().trimStart().startsWith('---')],
  ['flowchart-elk', (t) => /^\s*flowchart-elk/.test(t)],
  ['mindmap', (t) => /^\s*mindmap/.test(t)],
  ['architecture', (t) => /^\s*architecture/.test(t)],
  // Mermaid's pattern anchors only its first alternative: the other words match anywhere.
  ['c4', (t) => /^\s*C4Context|C4Container|C4Component|C4Dynamic|C4Deployment/.test(t)],
  ['kanban', (t) => /^\s*kanban/.test(t)],
  ['classDiagram', (t) => /^\s*classDiagram-v2/.test(t)],
  ['class', (t) => /^\s*classDiagram/.test(t)],
  ['er', (t) => /^\s*erDiagram/.test(t)],
  ['gantt', (t) => /^\s*gantt/.test(t)],
  ['info', (t) => /^\s*info/.test(t)],
  ['pie', (t) => /^\s*pie/.test(t)],
  ['requirement', (t) => /^\s*requirement(Diagram)?/.test(t)],
  ['sequence', (t) => /^\s*sequenceDiagram/.test(t)],
  ['swimlane', (t) => /^\s*swimlane-beta\b/.test(t)],
  ['flowchart-v2', (t) => /^\s*flowchart/.test(t)],
  ['flowchart', (t) => /^\s*graph/.test(t)],
  ['timeline', (t) => /^\s*timeline/.test(t)],
  ['gitGraph', (t) => /^\s*gitGraph/.test(t)],
  ['stateDiagram', (t) => /^\s*stateDiagram-v2/.test(t)],
  ['state', (t) => /^\s*stateDiagram/.test(t)],
  ['journey', (t) => /^\s*journey/.test(t)],
  ['quadrantChart', (t) => /^\s*quadrantChart/.test(t)],
  ['sankey', (t) => /^\s*sankey(-beta)?/.test(t)],
  ['packet', (t) => /^\s*packet(-beta)?/.test(t)],
  ['xychart', (t) => /^\s*xychart(-beta)?/.test(t)],
  ['block', (t) => /^\s*block(-beta)?/.test(t)],
  ['eventmodeling', (t) => /^\s*eventmodeling/.test(t)],
  ['treeView', (t) => /^\s*treeView-beta/.test(t)],
  ['radar', (t) => /^\s*radar-beta/.test(t)],
  ['ishikawa', (t) => /^\s*ishikawa(-beta)?\b/i.test(t)],
  ['treemap', (t) => /^\s*treemap/.test(t)],
  ['railroad', (t) => /^\s*railroad-beta/i.test(t)],
  ['railroadEbnf', (t) => /^\s*railroad-ebnf-beta/i.test(t)],
  ['railroadAbnf', (t) => /^\s*railroad-abnf-beta/i.test(t)],
  ['railroadPeg', (t) => /^\s*railroad-peg-beta/i.test(t)],
  ['venn', (t) => /^\s*venn-beta/.test(t)],
  ['wardley', (t) => /^\s*wardley-beta/i.test(t)],
  ['cynefin', (t) => /^\s*cynefin-beta(?:[\s:]|$)/.test(t)],
];

const FLOWCHART_TYPES = new Set(['flowchart', 'flowchart-v2', 'flowchart-elk']);

/** The diagram type of `text`, or undefined when Mermaid would find none. */
export function detectDiagram(text: string): DetectedDiagram | undefined {
  try {
    return detect(text);
  } catch {
    // Detection only reads text; a defect here means "no diagram found", not a crash.
    return undefined;
  }
}

function detect(text: string): DetectedDiagram | undefined {
  const prepared = prepareDiagram(text);
  const code = prepared.code.text;
  // Mermaid's detection also drops what still looks like a comment (`\s*%%.*\n`) before testing.
  let start = 0;
  for (;;) {
    while (start < code.length && /\s/.test(code[start]!)) start++;
    if (!code.startsWith('%%', start)) break;
    const nl = code.indexOf('\n', start);
    if (nl < 0) break;
    start = nl + 1;
  }
  const cleaned = code.slice(start);
  const found = DETECTORS.find(([, test]) => test(cleaned));
  if (!found) return undefined;
  const type = found[0];
  let end = start;
  while (end < code.length && !/\s/.test(code[end]!)) end++;
  const code2 = prepared.code;
  const range = prepared.lines.range(code2.origin(start), end > start ? code2.origin(end - 1) + 1 : code2.origin(start));
  const family: DiagramFamily = FLOWCHART_TYPES.has(type) ? 'flowchart' : type === 'architecture' ? 'architecture' : 'other';
  return { type, family, range };
}
