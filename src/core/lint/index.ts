/**
 * The linter's whole API: Design -> findings and the availability figure. Pure: the editor,
 * the CLI and tests call the same two functions.
 */
import type { Design, DesignDocument, Finding, Fix, Range, Severity } from '../design/types';
import { LintContext } from './context';
import { RULES } from './rules/index';
import type { DesignLintResult, DocumentLintResult, LintOptions, Report, Rule, RuleSetting } from './types';

export { RULES, ruleById } from './rules/index';
export { docsUrl, REPOSITORY_URL } from './rules/shared';
export { applyEdits, diagramHeaderLine } from './fixes';
export {
  computeAvailability,
  DEFAULT_AVAILABILITY,
  describeAvailability,
  formatDowntime,
  formatNines,
  formatPercent,
  type AvailabilityReport,
  type ComponentAvailability,
} from './availability';
export type { DesignLintResult, DocumentLintResult, LintOptions, Report, Rule, RuleSetting } from './types';
export { RULE_SETTINGS } from './types';

export function lintDesign(design: Design, options: LintOptions = {}): DesignLintResult {
  const ctx = new LintContext(design, options);
  const disabled = new Set(design.disabledRules);
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const setting = options.rules?.get(rule.id);
    if (setting === 'off' || disabled.has(rule.id)) continue;
    let reports: Report[];
    try {
      reports = rule.check(ctx);
    } catch (err) {
      // A bug in one rule must not take the others (or the editor) down with it.
      const message = err instanceof Error ? err.message : String(err);
      reports = [{ message: `internal error in rule ${rule.id}: ${message} (please report it)`, range: ctx.headerRange() }];
    }
    for (const r of reports) findings.push(finish(rule, r, setting, ctx));
  }
  findings.sort(byPosition);
  let availability;
  try {
    availability = ctx.availability;
  } catch {
    availability = undefined;
  }
  return { design, findings, availability };
}

export function lintDocument(doc: DesignDocument, options: LintOptions = {}): DocumentLintResult {
  const designs = doc.designs.map((d) => lintDesign(d, options));
  const findings: Finding[] = [];
  for (const f of doc.findings) {
    const setting = options.rules?.get(f.rule);
    if (setting === 'off') continue;
    findings.push(setting && isSeverity(setting) ? { ...f, severity: setting } : f);
  }
  for (const d of designs) findings.push(...d.findings);
  findings.sort(byPosition);
  return { findings, designs };
}

function finish(rule: Rule, r: Report, setting: RuleSetting | undefined, ctx: LintContext): Finding {
  const severity: Severity = setting && isSeverity(setting) ? setting : (r.severity ?? rule.defaultSeverity);
  const finding: Finding = { rule: rule.id, severity, message: r.message, range: r.range };
  if (r.component !== undefined) finding.component = r.component;
  if (r.related && r.related.length > 0) finding.related = r.related;
  const fixes: Fix[] = (r.fixes ?? []).filter((f) => f.edits.length > 0).map((f) => ({ ...f }));
  // Exactly one preferred fix when there is a real one; switching the rule off is never preferred.
  let preferred = fixes.findIndex((f) => f.preferred);
  if (preferred < 0 && fixes.length > 0) preferred = 0;
  fixes.forEach((f, i) => {
    if (i === preferred) f.preferred = true;
    else delete f.preferred;
  });
  if (rule.id !== 'syntax' && ctx.wantsFixes) {
    const where = isFence(ctx.design.range) ? 'diagram' : 'file';
    fixes.push({ title: `Disable ${rule.id} in this ${where}`, edits: [ctx.fixText.disable(rule.id)] });
  }
  if (fixes.length > 0) finding.fixes = fixes;
  return finding;
}

/** A .mmd file's design starts at the top of the file; a Markdown fence's body never does. */
function isFence(range: Range): boolean {
  return range.start.line !== 0 || range.start.character !== 0;
}

function isSeverity(s: RuleSetting): s is Severity {
  return s !== 'off';
}

function byPosition(a: Finding, b: Finding): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)
  );
}

