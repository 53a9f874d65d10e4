/**
 * What every rule reads, computed once per lint: the graph, and lazily the availability model
 * and the single points of failure (a rule switched off never pays for them).
 */
import type { Design, Fix, Range, RelatedLocation } from '../design/types';
import { computeAvailability, type AvailabilityReport } from './availability';
import { FixText, FixWriter } from './fixes';
import { DesignGraph } from './graph';
import { findSinglePoints, type SinglePoint } from './singlePoints';
import type { LintOptions } from './types';

export class LintContext {
  readonly graph: DesignGraph;
  private availabilityCache: { value: AvailabilityReport | undefined } | undefined;
  private singlePointsCache: SinglePoint[] | undefined;
  private fixTextCache: FixText | undefined;

  constructor(
    readonly design: Design,
    readonly options: LintOptions = {},
  ) {
    this.graph = new DesignGraph(design);
  }

  get availability(): AvailabilityReport | undefined {
    this.availabilityCache ??= { value: computeAvailability(this.graph, this.options.availabilityDefaults) };
    return this.availabilityCache.value;
  }

  get singlePoints(): SinglePoint[] {
    this.singlePointsCache ??= findSinglePoints(this.graph);
    return this.singlePointsCache;
  }

  /** Whether this lint builds quick fixes (diagnostics alone do not need them). */
  get wantsFixes(): boolean {
    return this.options.fixes !== false;
  }

  /** A finding's fixes, built only when this lint wants them. */
  fix(make: () => Fix[]): Fix[] | undefined {
    return this.wantsFixes ? make() : undefined;
  }

  /** The text as fixes see it, read once per lint. */
  get fixText(): FixText {
    this.fixTextCache ??= new FixText(this.design, this.options.text);
    return this.fixTextCache;
  }

  /** A fresh writer per fix, so ids handed out for one fix are not taken from another. */
  fixes(): FixWriter {
    return new FixWriter(this.fixText);
  }

  range(i: number): Range {
    return this.graph.components[i]!.range;
  }

  /** Related locations for components, at most `max` of them. */
  related(indices: readonly number[], message: (i: number) => string, max = 20): RelatedLocation[] {
    return indices.slice(0, max).map((i) => ({ range: this.range(i), message: message(i) }));
  }

  /** The range of the `@design <key>=…` entry, when the design states that requirement. */
  requirementRange(key: string): Range | undefined {
    for (const a of this.design.annotations) {
      if (a.target !== 'design') continue;
      for (const e of a.entries) if (e.key === key) return e.range;
    }
    return undefined;
  }

  /** Where a finding about the design as a whole goes: the diagram's header keyword. */
  headerRange(): Range {
    const h = this.fixText.headerLine;
    const line = this.fixText.sourceLines[h] ?? '';
    const indent = /^\s*/.exec(line)![0].length;
    const word = /^\S+/.exec(line.slice(indent))?.[0].length ?? 0;
    const fileLine = this.design.range.start.line + h;
    const base = h === 0 ? this.design.range.start.character : this.fixText.prefix.length;
    return { start: { line: fileLine, character: base + indent }, end: { line: fileLine, character: base + indent + word } };
  }
}
