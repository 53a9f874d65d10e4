/**
 * Shape names Mermaid's flowchart accepts in `@{ shape: ... }` (its shape registry, aliases
 * included, mermaid 11.17): a lowercase name without `_` that is in this set. Mermaid tests
 * membership with `in` on a plain object, so `constructor` passes too; it is kept for the same answers.
 */
export const SHAPE_NAMES: ReadonlySet<string> = new Set([
  'rect', 'rounded', 'stadium', 'fr-rect', 'cyl', 'datastore', 'folder', 'bucket', 'console',
  'browser', 'person', 'circle', 'bang', 'cloud', 'diam', 'hex', 'lean-r', 'lean-l', 'trap-b',
  'trap-t', 'dbl-circ', 'text', 'notch-rect', 'lin-rect', 'sm-circ', 'fr-circ', 'fork',
  'hourglass', 'brace', 'brace-r', 'braces', 'bolt', 'doc', 'delay', 'h-cyl', 'lin-cyl',
  'curv-trap', 'div-rect', 'tri', 'win-pane', 'f-circ', 'notch-pent', 'flip-tri', 'sl-rect',
  'docs', 'st-rect', 'bow-rect', 'cross-circ', 'tag-doc', 'tag-rect', 'flag', 'odd', 'lin-doc',
  'proc', 'process', 'rectangle', 'event', 'terminal', 'pill', 'subprocess', 'subproc',
  'framed-rectangle', 'subroutine', 'db', 'database', 'cylinder', 'data-store', 'directory',
  'circ', 'decision', 'diamond', 'question', 'hexagon', 'prepare', 'lean-right', 'in-out',
  'lean-left', 'out-in', 'priority', 'trapezoid-bottom', 'trapezoid', 'manual', 'trapezoid-top',
  'inv-trapezoid', 'double-circle', 'doublecircle', 'card', 'notched-rectangle', 'lined-rectangle',
  'lined-process', 'lin-proc', 'shaded-process', 'start', 'small-circle', 'stop', 'framed-circle',
  'join', 'collate', 'comment', 'brace-l', 'com-link', 'lightning-bolt', 'document',
  'half-rounded-rectangle', 'das', 'horizontal-cylinder', 'disk', 'lined-cylinder',
  'curved-trapezoid', 'display', 'div-proc', 'divided-rectangle', 'divided-process', 'extract',
  'triangle', 'internal-storage', 'window-pane', 'junction', 'filled-circle', 'loop-limit',
  'notched-pentagon', 'manual-file', 'flipped-triangle', 'manual-input', 'sloped-rectangle',
  'documents', 'st-doc', 'stacked-document', 'procs', 'processes', 'stacked-rectangle',
  'stored-data', 'bow-tie-rectangle', 'summary', 'crossed-circle', 'tagged-document',
  'tagged-rectangle', 'tag-proc', 'tagged-process', 'paper-tape', 'lined-document', 'state',
  'choice', 'note', 'composite', 'icon', 'anchor',
  'constructor',
]);

