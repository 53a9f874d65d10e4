/** availability/target: the computed availability should meet `@design availability`. */
import { describeAvailability, formatPercent } from '../availability';
import type { Report, Rule } from '../types';
import { docsUrl } from './shared';

const id = 'availability/target';

export const availabilityTargetRule: Rule = {
  id,
  defaultSeverity: 'error',
  description: 'Computed availability below `@design availability`.',
  why:
    'Each component is up only part of the time, and a request needs every component on its path, so their ' +
    'availabilities multiply: ten parts at 99.9% give about 99%, which is more than three days of downtime a year. ' +
    'Redundancy works the other way — two copies are both down far less often than one. The figure shows whether the ' +
    'design as drawn can meet the target it states, and which component to make redundant first.',
  docsUrl: docsUrl(id),
  check(ctx) {
    const target = ctx.design.requirements.availability;
    const report = ctx.availability;
    if (target === undefined || !report || report.availability >= target - 1e-12) return [];
    const shares = report.components
      .filter((c) => (c.share ?? 0) > 0)
      .sort((a, b) => b.share! - a.share!)
      .slice(0, 3);
    const byId = new Map(ctx.design.components.map((c) => [c.id, c] as const));
    const pct = (x: number) => `${Math.round(x * 100)}%`;
    const worst = shares[0];
    const costly = worst ? ` ${byId.get(worst.id)!.label} costs the most: ${pct(worst.share!)} of the downtime would go if it never failed.` : '';
    const finding: Report = {
      message: `Computed availability is ${describeAvailability(report)}, below the ${formatPercent(target)} target.${costly}`,
      range: ctx.requirementRange('availability') ?? ctx.headerRange(),
      related: shares.map((s) => ({
        range: byId.get(s.id)!.range,
        message: `${byId.get(s.id)!.label}: ${pct(s.share!)} of the downtime`,
      })),
    };
    if (worst) finding.component = worst.id;
    return [finding];
  },
};
