/** Times in messages: milliseconds, or line numbers for logs that have no clock. */
export interface TimeFormat {
  /** `30 ms` / `line 30` */
  at(t: number): string;
  /** `10–20 ms` / `lines 10–20` */
  span(a: number, b: number): string;
}

function num(t: number): string {
  return Number.isInteger(t) ? `${t}` : t.toFixed(3).replace(/\.?0+$/, '');
}

export function timeFormat(unit: 'ms' | 'line' | undefined): TimeFormat {
  if (unit === 'line') return { at: (t) => `line ${num(t)}`, span: (a, b) => `lines ${num(a)}–${num(b)}` };
  return { at: (t) => `${num(t)} ms`, span: (a, b) => `${num(a)}–${num(b)} ms` };
}
