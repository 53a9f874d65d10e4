// Runs in the extension host, but imports nothing from 'vscode': the words and numbers the
// editor shows for lint results (hovers, CodeLens titles, status bar, quick-fix lists, settings),
// kept pure so unit tests can check exactly what a user reads.
import type { Component, ComponentKind, Design, Finding, Position, Range, Severity } from '../core/design/types';
import {
  describeAvailability,
  formatPercent,
  ruleById,
  RULE_SETTINGS,
  type AvailabilityReport,
  type DesignLintResult,
  type LintOptions,
  type RuleSetting,
} from '../core/lint/index';
import { COMPONENT_KINDS } from '../core/design/types';

/** The Problems panel's "source" column: constant, so users can filter on it. */
export const DIAGNOSTIC_SOURCE = 'System Design Lab';

/** Which redundancy layer each kind provides, in the words the rules use. */
const LAYERS = new Map<ComponentKind, { layer: string; rule?: string }>([
  ['dns', { layer: 'DNS: clients look the system up through it', rule: 'redundancy/dns' }],
  ['cdn', { layer: 'the edge: a CDN absorbs load before your servers', rule: 'redundancy/cdn' }],
  ['load-balancer', { layer: 'load balancing across instances', rule: 'redundancy/load-balancer' }],
  ['gateway', { layer: 'the gateway: one entry point that routes to the services' }],
  ['service', { layer: 'the app servers: stateless instances behind a load balancer', rule: 'redundancy/app-servers' }],
  ['worker', { layer: 'background work, fed by a queue' }],
  ['cache', { layer: 'caching: fast reads in front of the data' }],
  ['database', { layer: 'the data: replicated so a copy survives', rule: 'redundancy/db-replication' }],
  ['queue', { layer: 'buffering: a queue decouples producers from consumers' }],
  ['object-store', { layer: 'blob storage' }],
  ['search', { layer: 'search' }],
  ['monitor', { layer: 'monitoring: it watches, it is not on the request path' }],
  ['client', { layer: 'a client: where requests come from' }],
]);

/** Markdown for a hover on a component: what it is and why, how redundant, what it costs. */
export function componentHover(result: DesignLintResult, component: Component): string {
  const design = result.design;
  const lines: string[] = [];
  lines.push(`**${escape(component.label)}** — ${component.kind === 'unknown' ? 'kind unknown' : component.kind}`);
  lines.push('');
  lines.push(
    component.kind === 'unknown'
      ? `No kind could be inferred (${escape(component.kindReason)}); the checks leave it alone. Add \`%% @${component.id} kind=…\` to say what it is.`
      : `Why ${component.kind}: ${escape(component.kindReason)}.`,
  );
  const facts: string[] = [];
  facts.push(`Instances: ${component.instances}${component.role ? ` · role: ${component.role}` : ''}`);
  const region = component.region ? design.groups.find((g) => g.id === component.region) : undefined;
  facts.push(`Region: ${region ? escape(region.label) : 'none drawn'}`);
  const a = result.availability?.components.find((c) => c.id === component.id);
  if (a) {
    const from = a.source === 'annotation' ? 'its availability=' : a.source === 'setting' ? 'your settings' : `the default for a ${component.kind}`;
    let text = `Availability: ${formatPercent(a.perInstance)} per instance (${from})`;
    if (a.instances > 1) text += `, ${formatPercent(a.availability)} with ${a.instances} instances in parallel`;
    if (a.standInCount > 0) {
      const names = a.standIns.map((id) => escape(labelOf(design, id)));
      const more = a.standInCount - names.length;
      text += `; with ${names.join(', ')}${more > 0 ? ` and ${more} more` : ''} standing in: ${formatPercent(a.stageAvailability)}`;
    }
    facts.push(text);
    facts.push(
      a.share === undefined
        ? 'Share of downtime: not on the weakest client’s path'
        : `Share of the design’s downtime: ${Math.round(a.share * 100)}% (what would go if it never failed)`,
    );
  }
  const layer = LAYERS.get(component.kind);
  if (layer) facts.push(`Layer: ${layer.layer}`);
  lines.push('');
  lines.push(facts.map((f) => `- ${f}`).join('\n'));
  const own = result.findings.filter((f) => f.component === component.id);
  if (own.length > 0) {
    lines.push('');
    lines.push(own.map((f) => `- ${f.severity}: \`${f.rule}\` — ${escape(f.message)}`).join('\n'));
  }
  return lines.join('\n');
}

/** Markdown for a hover on a finding: why it matters, in plain sentences, and the rule's page. */
export function findingHover(finding: Finding): string {
  const rule = ruleById(finding.rule);
  if (!rule) return `**${finding.rule}**`;
  return `**${rule.id}** — ${escape(rule.description)}\n\n${escape(rule.why)}\n\n[Read more about ${rule.id}](${rule.docsUrl})`;
}

/** CodeLens titles over a diagram, in order: availability, then the findings count. */
export function codeLensTitles(result: DesignLintResult): string[] {
  return [availabilityTitle(result.availability, result.design.requirements.availability), findingsTitle(result.findings)];
}

/**
 * `Availability 99.9998% (5.7 nines) · meets the 99.99% target`,
 * `Availability 98.3984% (1.7 nines) · below the 99.99% target`,
 * `Availability 99.95% (3.3 nines)` without a target, `Availability: no client path to compute` without one.
 */
export function availabilityTitle(report: AvailabilityReport | undefined, target: number | undefined): string {
  if (!report) return 'Availability: no client path to compute';
  const figure = describeAvailability(report).replace(/, [^,)]* down a year\)$/, ')');
  const head = `Availability ${figure}`;
  if (target === undefined) return head;
  return `${head} · ${report.availability >= target - 1e-12 ? 'meets' : 'below'} the ${formatPercent(target)} target`;
}

/** `1 error, 12 warnings`, `3 warnings, 1 info`, `No findings`. */
export function findingsTitle(findings: readonly Finding[]): string {
  const counts = new Map<Severity, number>();
  for (const f of findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  const parts: string[] = [];
  for (const [severity, word] of [
    ['error', 'error'],
    ['warning', 'warning'],
    ['info', 'info'],
    ['hint', 'hint'],
  ] as const) {
    const n = counts.get(severity) ?? 0;
    if (n > 0) parts.push(`${n} ${word}${n === 1 || word === 'info' ? '' : 's'}`);
  }
  return parts.length === 0 ? 'No findings' : parts.join(', ');
}

/** The status bar: `$(pulse) 99.98%` and a tooltip; undefined when the design has no figure. */
export function statusBar(result: DesignLintResult | undefined): { text: string; tooltip: string; belowTarget: boolean } | undefined {
  const report = result?.availability;
  if (!result || !report) return undefined;
  const target = result.design.requirements.availability;
  const belowTarget = target !== undefined && report.availability < target - 1e-12;
  const tooltip = [
    `System Design Lab — availability ${describeAvailability(report)}`,
    `Weakest path: ${report.client}`,
    target !== undefined ? `Target: ${formatPercent(target)}${belowTarget ? ' (not met)' : ' (met)'}` : 'No target: add %% @design availability=99.99',
  ].join('\n');
  return { text: `$(pulse) ${formatPercent(report.availability)}`, tooltip, belowTarget };
}

/** The quick pick behind the availability CodeLens: each component with what it costs, costliest first. */
export function availabilityBreakdown(result: DesignLintResult): { label: string; description: string; detail?: string; componentId: string }[] {
  const report = result.availability;
  if (!report) return [];
  const labels = new Map(result.design.components.map((c) => [c.id, c.label] as const));
  return report.components
    .slice()
    .sort((a, b) => (b.share ?? -1) - (a.share ?? -1))
    .map((c) => {
      const item: { label: string; description: string; detail?: string; componentId: string } = {
        label: labels.get(c.id) ?? c.id,
        description: `${formatPercent(c.stageAvailability)}${c.instances > 1 ? ` · ${c.instances} instances` : ''}${c.standInCount > 0 ? ` · with ${c.standInCount} stand-in${c.standInCount > 1 ? 's' : ''}` : ''}`,
        componentId: c.id,
      };
      if (c.share !== undefined) item.detail = `${Math.round(c.share * 100)}% of the downtime`;
      return item;
    });
}

/** A finding's identity as the editor round-trips it (VS Code hands back copies of diagnostics, not the objects). */
export function findingKey(rule: string, range: Range, message: string): string {
  return `${rule}\u0000${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}\u0000${message}`;
}

/** The component whose id is written at `pos` (any occurrence or annotation), if any. */
export function componentAt(design: Design, pos: Position): Component | undefined {
  for (const c of design.components) {
    if (c.occurrences.some((r) => inside(r, pos)) || inside(c.range, pos)) return c;
  }
  return undefined;
}

export function inside(r: Range, p: Position): boolean {
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return afterStart && beforeEnd;
}

/**
 * Settings -> LintOptions. Settings are user JSON: anything unexpected is skipped and
 * reported, never thrown. Availability defaults are written as percentages (99.9).
 */
export function lintOptionsFromSettings(rules: unknown, defaults: unknown): { options: LintOptions; problems: string[] } {
  const problems: string[] = [];
  const ruleMap = new Map<string, RuleSetting>();
  if (rules !== undefined && rules !== null) {
    if (typeof rules !== 'object' || Array.isArray(rules)) problems.push('systemDesignLab.rules must be an object of rule id → severity');
    else {
      for (const [id, value] of Object.entries(rules as Record<string, unknown>)) {
        if (!ruleById(id)) problems.push(`systemDesignLab.rules: unknown rule '${id}'`);
        else if (typeof value !== 'string' || !(RULE_SETTINGS as readonly string[]).includes(value))
          problems.push(`systemDesignLab.rules: '${id}' must be one of ${RULE_SETTINGS.join(', ')}`);
        else ruleMap.set(id, value as RuleSetting);
      }
    }
  }
  const defaultMap = new Map<string, number>();
  if (defaults !== undefined && defaults !== null) {
    if (typeof defaults !== 'object' || Array.isArray(defaults)) problems.push('systemDesignLab.availability.defaults must be an object of kind → percentage');
    else {
      for (const [kind, value] of Object.entries(defaults as Record<string, unknown>)) {
        if (!(COMPONENT_KINDS as readonly string[]).includes(kind)) problems.push(`systemDesignLab.availability.defaults: unknown kind '${kind}'`);
        else if (typeof value !== 'number' || !(value > 0 && value <= 100))
          problems.push(`systemDesignLab.availability.defaults: '${kind}' must be a percentage above 0 and at most 100`);
        else defaultMap.set(kind, value / 100);
      }
    }
  }
  const options: LintOptions = {};
  if (ruleMap.size > 0) options.rules = ruleMap;
  if (defaultMap.size > 0) options.availabilityDefaults = defaultMap;
  return { options, problems };
}

function labelOf(design: Design, id: string): string {
  return design.components.find((c) => c.id === id)?.label ?? id;
}

/** Markdown-escapes user text (labels can hold `*`, `_`, `[`, `<`). */
export function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>~-]/g, (c) => `\\${c}`);
}
