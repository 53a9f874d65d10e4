/**
 * The shape every estimator shares, so the command palette, the CLI and the tests can drive
 * any of them from one description: its inputs (fields), how to ask for them (forms), and a
 * result that carries the formula's steps with the numbers filled in.
 *
 * Plain data throughout: an Estimate is printed as JSON by `sdlab estimate --json`.
 */

export const ESTIMATOR_NAMES = [
  'qps',
  'storage',
  'bandwidth',
  'servers',
  'cache',
  'availability',
  'composite',
  'latency',
] as const;

export type EstimatorName = (typeof ESTIMATOR_NAMES)[number];

/** How a field's text is read; see units.ts. */
export type FieldKind =
  | 'count' // 100M, 1.5k
  | 'number' // a plain factor: 3, 1.5
  | 'bytes' // 2 KB, 10 GiB
  | 'duration' // 5 min, 1h30m (seconds)
  | 'share' // 90%, 0.9 (a fraction)
  | 'availability' // 99.95%, 4 nines (a fraction)
  | 'choice' // one of `choices`
  | 'availabilities' // a comma-separated list: 99.9%, 99.95%
  | 'composite'; // an expression of availabilities: 99.9% * (99.9% | 99.9%)

export interface FieldSpec {
  /** The key in the estimator's input and in JSON output (camelCase). */
  key: string;
  /** The CLI option, without dashes (kebab-case). */
  option: string;
  /** Other spellings the CLI accepts (`utilisation` beside `utilization`). */
  aliases?: string[];
  /** Short name: "Daily active users". */
  label: string;
  /** One sentence for the input box prompt and `--help`. */
  help: string;
  kind: FieldKind;
  /** What a user might type, shown as the input box placeholder and in help. */
  example: string;
  /** Text used when the field is left out, parsed like user input. */
  default?: string;
  /** May be left out without a default (the estimator falls back on another field). */
  optional?: boolean;
  /** Inclusive bounds on the parsed value (fractions for shares, seconds for durations). */
  min?: number;
  max?: number;
  /** The value must be above `min`, not equal to it. */
  minExclusive?: boolean;
  integer?: boolean;
  choices?: { value: string; label: string; detail?: string; aliases?: string[] }[];
  /** Words allowed after a count ("QPS", "users") or a byte size ("/s"). */
  units?: string[];
}

/**
 * One way of asking for an estimate. Most estimators have one; availability has two
 * (from nines, from a downtime budget), so the palette asks which first.
 */
export interface FormSpec {
  id: string;
  label: string;
  detail: string;
  /** Field keys in the order they are asked. */
  fields: string[];
}

/** One line of working: what is computed, the formula with its numbers, the result. */
export interface Step {
  label: string;
  /** The formula with numbers filled in: "1,000,000,000 ÷ 86,400 s". */
  formula: string;
  /** The result as shown: "11,574 QPS". */
  result: string;
  /** The number behind `result`, in base units (per second, bytes, seconds, fractions). */
  value: number;
  /** The key in `Estimate.results` this step produced, when it is a headline figure. */
  key?: string;
}

export interface InputValue {
  key: string;
  label: string;
  /** The text as given (or the default's text). */
  text: string;
  /** The parsed value; a string for choices, the expression text for composite. */
  value: number | string;
  /** True when the user left it out and the default was used. */
  defaulted: boolean;
}

export interface Estimate {
  estimator: EstimatorName;
  /** "QPS estimate". */
  title: string;
  /** One sentence with the headline figures. */
  summary: string;
  inputs: InputValue[];
  steps: Step[];
  /** Headline figures by a fixed key (never user text), base units. All finite. */
  results: Record<string, number>;
  /** Assumptions and rules of thumb the figures rest on. */
  notes: string[];
  /**
   * Reference figures rather than a calculation (latency numbers): each step's result comes
   * first and its `formula` describes it (order of magnitude) instead of deriving it.
   */
  reference?: boolean;
}

export interface EstimateError {
  /** The field at fault (its key), or undefined when the combination is wrong. */
  field?: string;
  message: string;
}

export type EstimateOutcome = { ok: true; estimate: Estimate } | { ok: false; error: EstimateError };

export interface EstimatorSpec {
  name: EstimatorName;
  /** The palette title: "Estimate QPS". */
  title: string;
  /** One line for `sdlab estimate --help`. */
  summary: string;
  fields: FieldSpec[];
  forms: FormSpec[];
  /** The field the CLI fills from a positional argument (`sdlab estimate availability 99.99%`). */
  positional?: string;
  /**
   * Computes from parsed values keyed by field key. Fields not given are absent (defaults
   * already applied); the estimator checks which combination it got.
   */
  compute(values: Map<string, number | string>, inputs: InputValue[]): EstimateOutcome;
}
