/** syntax and annotation: the parser's findings, passed through so settings and suppressions apply to them too. */
import type { Rule } from '../types';
import { docsUrl } from './shared';

export const syntaxRule: Rule = {
  id: 'syntax',
  defaultSeverity: 'error',
  description: 'Text Mermaid would reject, at the offending token.',
  why:
    'Mermaid stops at the first thing it cannot read and draws nothing, so the diagram will not render in VS Code, on ' +
    'GitHub or in the docs. Everything after the error is also invisible to the other checks.',
  docsUrl: docsUrl('syntax'),
  check: (ctx) => ctx.design.findings.filter((f) => f.rule === 'syntax').map(({ rule: _rule, ...f }) => f),
};

export const annotationRule: Rule = {
  id: 'annotation',
  defaultSeverity: 'warning',
  description: 'A malformed or unknown `%% @` annotation.',
  why:
    'Annotations tell the checks what the drawing cannot: instance counts, health checks, failover, the availability ' +
    'target. One that cannot be read is ignored, so the checks work from less than you wrote — a mistyped replicas=3 ' +
    'leaves the component with one instance.',
  docsUrl: docsUrl('annotation'),
  check: (ctx) => ctx.design.findings.filter((f) => f.rule === 'annotation').map(({ rule: _rule, ...f }) => f),
};
