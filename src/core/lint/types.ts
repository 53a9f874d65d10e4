/**
 * The linter's public types. Rules are records of data plus one pure `check`, so the
 * registry, the docs, the settings schema and the SARIF rule list can all be read from them.
 */
import type { RuleId } from '../design/ruleIds';
import type { Design, Finding, Severity } from '../design/types';
import type { AvailabilityReport } from './availability';
import type { LintContext } from './context';

/** A rule's setting in `systemDesignLab.rules` / `sdlab lint`: a severity, or off. */
export type RuleSetting = Severity | 'off';

export const RULE_SETTINGS: readonly RuleSetting[] = ['off', 'hint', 'info', 'warning', 'error'];

export interface LintOptions {
  /** Severity per rule id. Keys are user text (settings), hence a Map. */
  rules?: ReadonlyMap<string, RuleSetting>;
  /**
   * Per-instance availability by component kind, as a fraction (0.999), over the built-in
   * defaults. A node's own `availability=` still wins.
   */
  availabilityDefaults?: ReadonlyMap<string, number>;
  /**
   * Build quick fixes (default true). Diagnostics, hovers and the CLI's text and SARIF output
   * do not need them, and on a large design they are most of what a lint allocates.
   */
  fixes?: boolean;
  /**
   * The whole file's text. Only fixes use it: a fix that adds lines to a Markdown fence inside
   * a block quote or list item repeats that line prefix (`> `), which the Design does not keep.
   */
  text?: string;
}

/**
 * What a rule reports; the facade adds the rule id, the severity and the disable fix. Only the
 * pass-through rules (`syntax`, `annotation`) carry a severity: the one the parser chose.
 */
export type Report = Omit<Finding, 'rule' | 'severity'> & { severity?: Severity };

export interface Rule {
  id: RuleId;
  defaultSeverity: Severity;
  /** One line: what the rule reports (SARIF shortDescription, settings enumDescriptions). */
  description: string;
  /**
   * Why it matters, in a few plain sentences a learner can follow (hovers, SARIF help,
   * the top of docs/rules/<id>.md).
   */
  why: string;
  docsUrl: string;
  check(context: LintContext): Report[];
}

export interface DesignLintResult {
  design: Design;
  findings: Finding[];
  /** Undefined when the design has nothing a client needs (no components of a known kind on any path). */
  availability: AvailabilityReport | undefined;
}

export interface DocumentLintResult {
  /** Every finding of the file: the document's own and each design's, sorted by position. */
  findings: Finding[];
  designs: DesignLintResult[];
}
