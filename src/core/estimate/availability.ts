/**
 * Availability ↔ downtime: nines to the downtime they allow per year, month, week and day,
 * and a downtime budget back to nines. A year is the Gregorian mean year (365.2425 days),
 * a month a twelfth of it.
 */
import { fail, finish, num, step, str } from './build';
import type { EstimatorSpec, InputValue, Step } from './types';
import { DAY_S, MONTH_S, WEEK_S, YEAR_S, availabilityText, formatDuration, formatNines, formatPercent, ninesOf } from './units';

export const PERIODS = [
  { id: 'year', seconds: YEAR_S, what: '365.2425 d', aliases: ['y', 'yr', 'years', 'yearly', 'annual', 'annually'] },
  { id: 'month', seconds: MONTH_S, what: '30.44 d (a year ÷ 12)', aliases: ['mo', 'months', 'monthly'] },
  { id: 'week', seconds: WEEK_S, what: '7 d', aliases: ['w', 'wk', 'weeks', 'weekly'] },
  { id: 'day', seconds: DAY_S, what: '24 h', aliases: ['d', 'days', 'daily'] },
] as const;

export type PeriodId = (typeof PERIODS)[number]['id'];

const YEAR_NOTE =
  'A year is the Gregorian mean year, 365.2425 days (31,556,952 s), and a month a twelfth of it (30.44 days). With 365-day years 99.9% allows 8 h 45 m 36 s a year instead of 8 h 45 m 57 s.';

/** The downtime table for an availability: one step per period. */
export function downtimeSteps(availability: number): Step[] {
  const down = 1 - availability;
  return PERIODS.map((p) =>
    step(
      `Downtime per ${p.id}`,
      `${formatPercent(down)} × ${p.what}`,
      formatDuration(down * p.seconds),
      down * p.seconds,
      `downtimePer${p.id[0]!.toUpperCase()}${p.id.slice(1)}`,
    ),
  );
}

export const availability: EstimatorSpec = {
  name: 'availability',
  title: 'Estimate Availability and Downtime',
  summary: 'nines to downtime per year/month/week/day, or a downtime budget back to nines',
  positional: 'availability',
  fields: [
    {
      key: 'availability',
      option: 'availability',
      label: 'Availability',
      help: 'The share of time the system is up: 99.95%, 0.9995 or 4 nines.',
      kind: 'availability',
      example: '99.99%',
    },
    {
      key: 'downtime',
      option: 'downtime',
      label: 'Downtime budget',
      help: 'How much downtime is allowed per period (see --per).',
      kind: 'duration',
      example: '5 min',
      min: 0,
    },
    {
      key: 'per',
      option: 'per',
      label: 'Per',
      help: 'The period the downtime budget is for.',
      kind: 'choice',
      example: 'month',
      default: 'month',
      choices: PERIODS.map((p) => ({ value: p.id, label: `per ${p.id}`, detail: p.what, aliases: [...p.aliases] })),
    },
  ],
  forms: [
    { id: 'nines', label: 'Availability → downtime', detail: 'e.g. 99.99% or 4 nines', fields: ['availability'] },
    { id: 'budget', label: 'Downtime budget → availability', detail: 'e.g. 5 min per month', fields: ['downtime', 'per'] },
  ],
  compute(values, inputs) {
    const given = num(values, 'availability');
    const downtime = num(values, 'downtime');
    const per = (str(values, 'per') ?? 'month') as PeriodId;
    if (given !== undefined && downtime !== undefined) {
      return fail('give either an availability or a downtime budget, not both', 'downtime');
    }
    if (given === undefined && downtime === undefined) {
      return fail('an availability (e.g. 99.99%) or a downtime budget (e.g. 5 min per month) is needed');
    }
    const steps: Step[] = [];
    let a: number;
    let used: InputValue[];
    if (downtime !== undefined) {
      const period = PERIODS.find((p) => p.id === per) ?? PERIODS[1];
      if (downtime > period.seconds) {
        return fail(`${formatDuration(downtime)} is more than a ${period.id} (${formatDuration(period.seconds)})`, 'downtime');
      }
      const share = downtime / period.seconds;
      a = 1 - share;
      steps.push(
        step('Downtime share', `${formatDuration(downtime)} ÷ ${formatDuration(period.seconds)} (a ${period.id})`, formatPercent(share), share, 'unavailability'),
        step('Availability', `1 − ${formatPercent(share)}`, formatPercent(a), a, 'availability'),
      );
      used = inputs.filter((i) => i.key !== 'availability');
    } else {
      a = given!;
      steps.push(step('Allowed downtime share', `1 − ${formatPercent(a)}`, formatPercent(1 - a), 1 - a, 'unavailability'));
      used = inputs.filter((i) => i.key === 'availability');
    }
    const nines = ninesOf(a);
    if (nines !== undefined) {
      steps.push(step('Nines', `−log₁₀(${formatPercent(1 - a)})`, formatNines(a), nines, 'nines'));
    }
    steps.push(...downtimeSteps(a));
    const perYear = (1 - a) * YEAR_S;
    return finish({
      estimator: 'availability',
      title: 'Availability estimate',
      summary: `${availabilityText(a)} allows ${formatDuration(perYear)} of downtime a year, ${formatDuration((1 - a) * MONTH_S)} a month.`,
      inputs: used,
      steps,
      notes: [YEAR_NOTE],
    });
  },
};
