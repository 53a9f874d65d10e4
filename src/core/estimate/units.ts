/**
 * What people type into a back-of-the-envelope calculation — "100M", "1.5k", "2 KB",
 * "10 GiB", "99.95%", "4 nines", "5 min", "1h30m" — and the way results are written back.
 *
 * Every parser returns a value or a message saying what it accepts; none throws, and none
 * returns NaN or Infinity. Every formatter's output parses back to its input within the
 * rounding it shows, so a result can be pasted into the next estimate.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (message: string): Parsed<never> => ({ ok: false, message });

/** Seconds in a day. */
export const DAY_S = 86_400;
/**
 * The Gregorian mean year, 365.2425 days. Downtime tables commonly quote it (99.9% is
 * "8 h 45 m 57 s a year" with it, 8 h 45 m 36 s with 365 days), and a month is a twelfth of it.
 */
export const YEAR_DAYS = 365.2425;
export const YEAR_S = YEAR_DAYS * DAY_S;
export const MONTH_S = YEAR_S / 12;
export const WEEK_S = 7 * DAY_S;

const MAX_INPUT_LENGTH = 200;

// ---------------------------------------------------------------------------------------
// Numbers

/** A leading number: digits with optional `,` thousands groups or `_` separators, a fraction, an exponent. */
const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:_\d+)*)?(?:\.\d+)?(?:e[+-]?\d+)?/i;

/** Splits `text` into its leading number and the rest; undefined when it does not start with one. */
function leadingNumber(text: string): { value: number; rest: string } | undefined {
  const m = NUMBER.exec(text);
  if (!m || !/\d/.test(m[0])) return undefined;
  // "1e" followed by a unit ("1 eb") must not be read as an exponent: the regex only takes e<digits>.
  const value = Number(m[0].replace(/[,_]/g, ''));
  if (!Number.isFinite(value)) return undefined;
  return { value, rest: text.slice(m[0].length) };
}

function clean(text: string): string {
  // Non-breaking and narrow spaces count as spaces; a thin space may group thousands.
  return text.replace(/[\u00a0\u2009\u202f]/g, ' ').trim();
}

function tooLong(text: string): boolean {
  return text.length > MAX_INPUT_LENGTH;
}

const COUNT_SUFFIXES = new Map<string, number>([
  ['', 1],
  ['k', 1e3],
  ['thousand', 1e3],
  ['m', 1e6],
  ['mm', 1e6],
  ['mn', 1e6],
  ['million', 1e6],
  ['millions', 1e6],
  ['b', 1e9],
  ['bn', 1e9],
  ['g', 1e9],
  ['billion', 1e9],
  ['billions', 1e9],
  ['t', 1e12],
  ['tn', 1e12],
  ['trillion', 1e12],
]);

export const COUNT_EXAMPLES = '100M, 1.5k, 2B or 250,000';

/**
 * A count or rate: a number with an optional SI-style suffix k/K, M, B (billion), T.
 * `units` lists words that may follow (e.g. "QPS", "users") and are ignored.
 */
export function parseCount(text: string, units: readonly string[] = []): Parsed<number> {
  const t = clean(text);
  const what = `a number like ${COUNT_EXAMPLES}`;
  if (t === '') return fail(`expected ${what}`);
  if (tooLong(t)) return fail(`expected ${what} (the text is too long)`);
  const n = leadingNumber(t);
  if (!n) return fail(`expected ${what}`);
  let rest = n.rest.trim().toLowerCase();
  for (const unit of units) {
    const u = unit.toLowerCase();
    if (rest.endsWith(u)) {
      rest = rest.slice(0, rest.length - u.length).trim();
      break;
    }
  }
  const factor = COUNT_SUFFIXES.get(rest);
  if (factor === undefined) return fail(`expected ${what}; '${n.rest.trim()}' is not a suffix (use k, M, B or T)`);
  return finite(n.value * factor, what);
}

function finite(value: number, what: string): Parsed<number> {
  if (!Number.isFinite(value)) return fail(`expected ${what} (this one is too large)`);
  return ok(value === 0 ? 0 : value); // never -0
}

// ---------------------------------------------------------------------------------------
// Bytes

const BYTE_PREFIXES = new Map<string, number>([
  ['', 0],
  ['k', 1],
  ['m', 2],
  ['g', 3],
  ['t', 4],
  ['p', 5],
  ['e', 6],
]);
const BYTE_WORDS = new Map<string, number>([
  ['byte', 1],
  ['bytes', 1],
  ['kilobyte', 1e3],
  ['kilobytes', 1e3],
  ['megabyte', 1e6],
  ['megabytes', 1e6],
  ['gigabyte', 1e9],
  ['gigabytes', 1e9],
  ['terabyte', 1e12],
  ['terabytes', 1e12],
  ['petabyte', 1e15],
  ['petabytes', 1e15],
  ['kibibyte', 2 ** 10],
  ['kibibytes', 2 ** 10],
  ['mebibyte', 2 ** 20],
  ['mebibytes', 2 ** 20],
  ['gibibyte', 2 ** 30],
  ['gibibytes', 2 ** 30],
  ['tebibyte', 2 ** 40],
  ['tebibytes', 2 ** 40],
]);

export const BYTES_EXAMPLES = '2 KB, 1.5 MB or 10 GiB';

/**
 * A size in bytes: KB/MB/GB/TB/PB are decimal (1 KB = 1,000 B), KiB/MiB/GiB/TiB binary
 * (1 KiB = 1,024 B). Case does not matter ("2kb" is 2 KB); a bare number is bytes.
 * `per` lists trailing rate words that are ignored ("/s", "/day").
 */
export function parseBytes(text: string, per: readonly string[] = []): Parsed<number> {
  const t = clean(text);
  const what = `a size like ${BYTES_EXAMPLES}`;
  if (t === '') return fail(`expected ${what}`);
  if (tooLong(t)) return fail(`expected ${what} (the text is too long)`);
  const n = leadingNumber(t);
  if (!n) return fail(`expected ${what}`);
  let rest = n.rest.trim().toLowerCase();
  for (const p of per) {
    if (rest.endsWith(p.toLowerCase())) {
      rest = rest.slice(0, rest.length - p.length).trim();
      break;
    }
  }
  const word = BYTE_WORDS.get(rest);
  if (word !== undefined) return finite(n.value * word, what);
  const m = /^([kmgtpe]?)(i?)(b?)$/.exec(rest);
  const prefix = m ? BYTE_PREFIXES.get(m[1]!) : undefined;
  if (!m || prefix === undefined || (m[2] === 'i' && prefix === 0)) {
    return fail(`expected ${what}; '${n.rest.trim()}' is not a unit (use B, KB, MB, GB, TB or KiB, MiB, GiB, TiB)`);
  }
  const base = m[2] === 'i' ? 1024 : 1000;
  return finite(n.value * base ** prefix, what);
}

// ---------------------------------------------------------------------------------------
// Durations

const DURATION_UNITS = new Map<string, number>([
  ['ns', 1e-9],
  ['nanosecond', 1e-9],
  ['nanoseconds', 1e-9],
  ['µs', 1e-6],
  ['μs', 1e-6],
  ['us', 1e-6],
  ['microsecond', 1e-6],
  ['microseconds', 1e-6],
  ['ms', 1e-3],
  ['msec', 1e-3],
  ['msecs', 1e-3],
  ['millisecond', 1e-3],
  ['milliseconds', 1e-3],
  ['s', 1],
  ['sec', 1],
  ['secs', 1],
  ['second', 1],
  ['seconds', 1],
  ['m', 60],
  ['min', 60],
  ['mins', 60],
  ['minute', 60],
  ['minutes', 60],
  ['h', 3600],
  ['hr', 3600],
  ['hrs', 3600],
  ['hour', 3600],
  ['hours', 3600],
  ['d', DAY_S],
  ['day', DAY_S],
  ['days', DAY_S],
  ['w', WEEK_S],
  ['wk', WEEK_S],
  ['wks', WEEK_S],
  ['week', WEEK_S],
  ['weeks', WEEK_S],
  ['mo', MONTH_S],
  ['mos', MONTH_S],
  ['mon', MONTH_S],
  ['month', MONTH_S],
  ['months', MONTH_S],
  ['y', YEAR_S],
  ['yr', YEAR_S],
  ['yrs', YEAR_S],
  ['year', YEAR_S],
  ['years', YEAR_S],
]);

export const DURATION_EXAMPLES = '5 min, 1h30m, 250 ms, 2 weeks or 5 years';

/** The seconds a unit word stands for ("min" -> 60), case-insensitive; undefined when unknown. */
export function durationUnit(word: string): number | undefined {
  return DURATION_UNITS.get(word.trim().toLowerCase());
}

/**
 * A duration in seconds: one or more `<number> <unit>` parts ("1h30m", "8 h 45 m 57 s").
 * `m` is minutes (months are `mo` or `month`); a year is 365.2425 days and a month a twelfth
 * of that. A bare number takes `defaultUnit` when one is given, and is an error otherwise.
 */
export function parseDuration(text: string, defaultUnit?: string): Parsed<number> {
  const t = clean(text);
  const what = `a duration like ${DURATION_EXAMPLES}`;
  if (t === '') return fail(`expected ${what}`);
  if (tooLong(t)) return fail(`expected ${what} (the text is too long)`);
  let rest = t;
  let total = 0;
  let parts = 0;
  while (rest !== '') {
    const n = leadingNumber(rest);
    if (!n || n.value < 0 || /^[+-]/.test(rest)) {
      return fail(parts === 0 && /^-/.test(rest) ? `expected ${what}, not a negative one` : `expected ${what}`);
    }
    const unit = /^\s*([a-zµμ]+)/i.exec(n.rest);
    if (!unit) {
      if (n.rest.trim() === '' && parts === 0 && defaultUnit !== undefined) {
        const factor = durationUnit(defaultUnit);
        if (factor === undefined) return fail(`expected ${what}`);
        return finite(n.value * factor, what);
      }
      return fail(`expected ${what}; give a unit (ms, s, min, h, d, weeks, months, years)`);
    }
    const factor = durationUnit(unit[1]!);
    if (factor === undefined) {
      return fail(`expected ${what}; '${unit[1]}' is not a unit (ms, s, min, h, d, weeks, months, years)`);
    }
    total += n.value * factor;
    parts++;
    rest = n.rest.slice(unit[0].length).replace(/^\s*(?:,|and\b)?\s*/i, '');
  }
  return finite(total, what);
}

// ---------------------------------------------------------------------------------------
// Shares and availability

const NUMBER_WORDS = new Map<string, number>([
  ['one', 1],
  ['two', 2],
  ['three', 3],
  ['four', 4],
  ['five', 5],
  ['six', 6],
  ['seven', 7],
  ['eight', 8],
  ['nine', 9],
  ['ten', 10],
]);

export const SHARE_EXAMPLES = '90%, 0.9 or 20%';

/**
 * A share: "90%" or a fraction "0.9". A bare number above 1 is refused rather than guessed
 * (is "20" 20% or twenty?). The value is a fraction; `max` bounds it (growth may exceed 100%).
 */
export function parseShare(text: string): Parsed<number> {
  const t = clean(text);
  const what = `a share like ${SHARE_EXAMPLES}`;
  if (t === '') return fail(`expected ${what}`);
  if (tooLong(t)) return fail(`expected ${what} (the text is too long)`);
  const n = leadingNumber(t);
  if (!n) return fail(`expected ${what}`);
  const rest = n.rest.trim().toLowerCase();
  if (rest === '%' || rest === 'percent' || rest === 'pct') return finite(n.value / 100, what);
  if (rest !== '') return fail(`expected ${what}`);
  if (Math.abs(n.value) > 1) return fail(`expected ${what}; write ${formatNumber(n.value)}% for a percentage`);
  return finite(n.value, what);
}

export const AVAILABILITY_EXAMPLES = '99.95%, 0.999 or 4 nines';

/**
 * An availability as a fraction 0..1: "99.95%", "99.95" (a bare number above 1 is a
 * percentage, as in `@design availability=99.99`), "0.999", "4 nines", "four nines", "4.5 nines".
 */
export function parseAvailability(text: string): Parsed<number> {
  const t = clean(text);
  const what = `an availability like ${AVAILABILITY_EXAMPLES}`;
  if (t === '') return fail(`expected ${what}`);
  if (tooLong(t)) return fail(`expected ${what} (the text is too long)`);
  const nines = /^(\S+)\s*(?:nines|9s|nine)$/i.exec(t);
  if (nines) {
    const word = NUMBER_WORDS.get(nines[1]!.toLowerCase());
    const n = word ?? (/^\d+(?:\.\d+)?$/.test(nines[1]!) ? Number(nines[1]) : undefined);
    if (n === undefined) return fail(`expected ${what}`);
    if (n > 15) return fail(`expected ${what}; at most 15 nines (a double cannot tell more from 100%)`);
    return ok(1 - 10 ** -n);
  }
  const n = leadingNumber(t);
  if (!n) return fail(`expected ${what}`);
  const rest = n.rest.trim().toLowerCase();
  let value: number;
  if (rest === '%' || rest === 'percent' || rest === 'pct') value = n.value / 100;
  else if (rest !== '') return fail(`expected ${what}`);
  else value = n.value > 1 ? n.value / 100 : n.value;
  if (!(value >= 0 && value <= 1)) return fail(`expected ${what}, between 0% and 100%`);
  return ok(value);
}

// ---------------------------------------------------------------------------------------
// Formatting

/** Groups thousands with commas: 1234567 -> "1,234,567". */
function group(intText: string): string {
  return intText.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function trimZeros(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** Up to `digits` significant digits, trailing zeros dropped: 11.574 -> "11.6". */
function significant(x: number, digits = 3): string {
  if (x === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(x)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return trimZeros(x.toFixed(Math.min(decimals, 20)));
}

/**
 * A number for people: thousands separators, integers from 100 up, two decimals from 1,
 * three significant digits below 1, exponent notation beyond 10^15 or below 10^-6.
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n < 0) return `-${formatNumber(-n)}`;
  if (n === 0) return '0';
  if (n >= 1e15) return expo(n);
  if (n >= 99.5) return group(String(Math.round(n)));
  if (n >= 1) return trimZeros(n.toFixed(2));
  if (n < 1e-6) return expo(n);
  return significant(n, 3);
}

function expo(n: number): string {
  const [mantissa, exponent] = n.toExponential(2).split('e');
  return `${trimZeros(mantissa!)}e${exponent}`;
}

const SI = [
  { factor: 1e12, suffix: 'T' },
  { factor: 1e9, suffix: 'B' },
  { factor: 1e6, suffix: 'M' },
  { factor: 1e3, suffix: 'k' },
];

/** Three significant digits and an SI suffix: 11574 -> "11.6k", 1e8 -> "100M". */
export function formatSI(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n < 0) return `-${formatSI(-n)}`;
  if (n >= 1e15) return formatNumber(n);
  for (const { factor, suffix } of SI) {
    const scaled = Number(significant(n / factor, 3));
    if (scaled >= 1) return `${scaled >= 1000 ? group(String(Math.round(scaled))) : significant(scaled, 3)}${suffix}`;
  }
  return formatNumber(n);
}

/** A count with its SI form beside it when that helps: 100000000 -> "100,000,000 (100M)". */
export function formatCount(n: number): string {
  const plain = formatNumber(n);
  if (!Number.isFinite(n) || Math.abs(n) < 1e4 || Math.abs(n) >= 1e15) return plain;
  return `${plain} (${formatSI(n)})`;
}

const DECIMAL_BYTES = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
const BINARY_BYTES = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** Bytes with a decimal unit (1 KB = 1,000 B) and three significant digits; `binary` for KiB... */
export function formatBytes(bytes: number, { binary = false } = {}): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  if (bytes < 0) return `-${formatBytes(-bytes, { binary })}`;
  const units = binary ? BINARY_BYTES : DECIMAL_BYTES;
  const base = binary ? 1024 : 1000;
  let i = 0;
  let scaled = bytes;
  while (i < units.length - 1 && Number(significant(scaled, 3)) >= 1000) {
    scaled /= base;
    i++;
  }
  if (i === 0) return `${formatNumber(bytes)} B`;
  const rounded = Number(significant(scaled, 3));
  return `${rounded >= 1000 ? formatNumber(rounded) : significant(scaled, 3)} ${units[i]}`;
}

const BIT_RATES = ['bps', 'kbps', 'Mbps', 'Gbps', 'Tbps', 'Pbps'];

/** A bit rate from bytes per second: 1.25e8 B/s -> "1 Gbps". */
export function formatBitRate(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond)) return String(bytesPerSecond);
  let scaled = bytesPerSecond * 8;
  let i = 0;
  while (i < BIT_RATES.length - 1 && Number(significant(scaled, 3)) >= 1000) {
    scaled /= 1000;
    i++;
  }
  if (i === 0) return `${formatNumber(scaled)} bps`;
  const rounded = Number(significant(scaled, 3));
  return `${rounded >= 1000 ? formatNumber(rounded) : significant(scaled, 3)} ${BIT_RATES[i]}`;
}

const CLOCK_UNITS = [
  { s: YEAR_S, name: 'y' },
  { s: DAY_S, name: 'd' },
  { s: 3600, name: 'h' },
  { s: 60, name: 'm' },
  { s: 1, name: 's' },
];

/**
 * A duration for people: "8 h 45 m 57 s", "52 m 35.7 s", "864 ms", "1 y 2 d 3 h 4 m".
 * Under an hour seconds keep one decimal; at most four parts are shown, the last rounded;
 * zero parts are left out. `y` is a 365.2425-day year.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  if (seconds < 0) return `-${formatDuration(-seconds)}`;
  if (seconds === 0) return '0 s';
  if (seconds < 0.9995) {
    for (const [factor, name, next] of [
      [1e9, 'ns', 1e-6],
      [1e6, 'µs', 1e-3],
      [1e3, 'ms', 1],
    ] as const) {
      // Round first, so 999.7 µs becomes "1 ms", not "1000 µs".
      if (Number(significant(seconds, 3)) < next) return `${significant(seconds * factor, 3)} ${name}`;
    }
  }
  if (seconds >= 1000 * YEAR_S) return `${formatNumber(seconds / YEAR_S)} y`;
  // The last part shown: seconds (to 0.1 s) under an hour, else the fourth part down.
  const largest = CLOCK_UNITS.findIndex((u) => seconds >= u.s);
  const last = seconds < 3600 ? CLOCK_UNITS.length - 1 : Math.min(largest + 3, CLOCK_UNITS.length - 1);
  const decimals = seconds < 3600 ? 1 : 0;
  let counts = clockParts(seconds, last, decimals);
  // Rounding the last part can fill it ("59.97 s" -> 60 s): carry by splitting the rounded total again.
  if (last > 0 && counts[last]! * CLOCK_UNITS[last]!.s >= CLOCK_UNITS[last - 1]!.s) {
    counts = clockParts(
      counts.reduce((sum, c, i) => sum + c * CLOCK_UNITS[i]!.s, 0),
      last,
      decimals,
    );
  }
  const parts = counts.flatMap((c, i) => (c > 0 ? [`${i === last ? trimZeros(c.toFixed(decimals)) : c} ${CLOCK_UNITS[i]!.name}`] : []));
  return parts.length > 0 ? parts.join(' ') : '0 s';
}

/** Whole years, days, ... down to part `last`, which is rounded to `decimals`. */
function clockParts(seconds: number, last: number, decimals: number): number[] {
  const counts: number[] = [];
  let rest = seconds;
  for (let i = 0; i <= last; i++) {
    const unit = CLOCK_UNITS[i]!.s;
    const scale = 10 ** decimals;
    const count = i === last ? Math.round((rest / unit) * scale) / scale : Math.floor(rest / unit + 1e-9);
    counts.push(count);
    rest = Math.max(0, rest - count * unit);
  }
  return counts;
}

/**
 * A fraction as a percentage with as many decimals as its nines need: 0.998001 ->
 * "99.8001%", 0.999999 -> "99.9999%", 0.9 -> "90%".
 */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return String(fraction);
  const percent = fraction * 100;
  const gap = Math.abs(100 - percent);
  const small = Math.min(Math.abs(percent), gap);
  const decimals = small > 0 ? Math.min(12, Math.max(0, Math.ceil(-Math.log10(small))) + 3) : 0;
  const text = trimZeros(percent.toFixed(decimals));
  return `${text === '-0' ? '0' : text}%`;
}

/** How many nines: 0.999 -> 3, 0.9995 -> 3.3. Undefined for 100% (infinitely many). */
export function ninesOf(availability: number): number | undefined {
  if (!(availability < 1)) return undefined;
  return -Math.log10(1 - availability);
}

export function formatNines(availability: number): string {
  const n = ninesOf(availability);
  if (n === undefined) return '100%';
  const text = trimZeros(n.toFixed(1));
  return `${text} nine${text === '1' ? '' : 's'}`;
}

/** "99.9% (3 nines)"; just "100%" when there is no downtime to count nines in. */
export function availabilityText(availability: number): string {
  return ninesOf(availability) === undefined ? formatPercent(availability) : `${formatPercent(availability)} (${formatNines(availability)})`;
}

const SUPERSCRIPT = new Map([...'0123456789-'].map((c, i) => [c, '⁰¹²³⁴⁵⁶⁷⁸⁹⁻'[i]!]));

/** 10 to a power, written 10³. */
export function powerOfTen(exponent: number): string {
  return `10${[...String(exponent)].map((c) => SUPERSCRIPT.get(c) ?? c).join('')}`;
}
