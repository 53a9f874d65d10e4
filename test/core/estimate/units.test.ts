import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { uniform } from '../../support/arbitraries';
import {
  formatBitRate,
  formatBytes,
  formatDuration,
  formatNines,
  formatNumber,
  formatPercent,
  formatSI,
  parseAvailability,
  parseBytes,
  parseCount,
  parseDuration,
  parseShare,
  YEAR_S,
  type Parsed,
} from '../../../src/core/estimate/units';

function value<T>(r: Parsed<T>): T {
  if (!r.ok) throw new Error(`expected a value, got: ${r.message}`);
  return r.value;
}

function message(r: Parsed<unknown>): string {
  if (r.ok) throw new Error(`expected a message, got ${String(r.value)}`);
  return r.message;
}

describe('parseCount', () => {
  it.each([
    ['100M', 1e8],
    ['100m', 1e8],
    ['1.5k', 1500],
    ['1.5K', 1500],
    ['2B', 2e9],
    ['2 bn', 2e9],
    ['1T', 1e12],
    ['250,000', 250_000],
    ['1_000_000', 1e6],
    ['3 million', 3e6],
    ['1e6', 1e6],
    ['  42  ', 42],
    ['11,574', 11_574],
    ['11.6k', 11_600],
  ])('%s is %d', (text, expected) => {
    expect(value(parseCount(text))).toBeCloseTo(expected, 6);
  });

  it('ignores the unit words a field allows', () => {
    expect(value(parseCount('11,574 QPS', ['qps']))).toBe(11_574);
    expect(value(parseCount('100M users', ['users']))).toBe(1e8);
  });

  it.each(['', 'abc', '10 apples', '1,00', 'NaN', 'Infinity', '1e400', 'M', '--5', '1.2.3'])('refuses %j with what it accepts', (text) => {
    expect(message(parseCount(text))).toMatch(/expected a number like 100M/);
  });
});

describe('parseBytes', () => {
  it.each([
    ['2 KB', 2000],
    ['2kb', 2000],
    ['2k', 2000],
    ['1.5 MB', 1.5e6],
    ['10 GiB', 10 * 2 ** 30],
    ['1 KiB', 1024],
    ['3 TB', 3e12],
    ['1 TiB', 2 ** 40],
    ['512', 512],
    ['512 B', 512],
    ['512 bytes', 512],
    ['2 megabytes', 2e6],
  ])('%s is %d bytes', (text, expected) => {
    expect(value(parseBytes(text))).toBe(expected);
  });

  it.each(['', '2 XB', '2 iB', 'KB', '2 KB KB'])('refuses %j', (text) => {
    expect(message(parseBytes(text))).toMatch(/expected a size like 2 KB/);
  });
});

describe('parseDuration', () => {
  it.each([
    ['5 min', 300],
    ['5m', 300],
    ['1h30m', 5400],
    ['1 h 30 min', 5400],
    ['250 ms', 0.25],
    ['90s', 90],
    ['2 d', 172_800],
    ['2 weeks', 1_209_600],
    ['1 month', YEAR_S / 12],
    ['5 years', 5 * YEAR_S],
    ['8 h 45 m 57 s', 31_557],
    ['52 m 35.7 s', 3155.7],
    ['1 h, 5 s', 3605],
  ])('%s is %d s', (text, expected) => {
    expect(value(parseDuration(text))).toBeCloseTo(expected, 6);
  });

  it('takes a bare number only with a default unit', () => {
    expect(value(parseDuration('5', 'min'))).toBe(300);
    expect(message(parseDuration('5'))).toMatch(/give a unit/);
  });

  it.each(['', '5 fortnights', 'h', '-5 min', '5 min -3 s'])('refuses %j', (text) => {
    expect(message(parseDuration(text))).toMatch(/expected a duration like 5 min/);
  });
});

describe('parseShare and parseAvailability', () => {
  it('reads shares as percentages or fractions, refusing a bare number above 1', () => {
    expect(value(parseShare('90%'))).toBeCloseTo(0.9, 12);
    expect(value(parseShare('0.9'))).toBe(0.9);
    expect(message(parseShare('20'))).toMatch(/write 20% for a percentage/);
  });

  it.each([
    ['99.95%', 0.9995],
    ['99.95', 0.9995],
    ['0.999', 0.999],
    ['4 nines', 0.9999],
    ['four nines', 0.9999],
    ['5 9s', 0.99999],
    ['100%', 1],
  ])('%s is an availability of %d', (text, expected) => {
    expect(value(parseAvailability(text))).toBeCloseTo(expected, 12);
  });

  it.each(['150%', '-1%', 'lots', '20 nines', 'x nines'])('refuses availability %j', (text) => {
    expect(message(parseAvailability(text))).toMatch(/availability like 99.95%/);
  });
});

describe('formatting', () => {
  it('writes numbers with thousands separators', () => {
    expect(formatNumber(11_574.07)).toBe('11,574');
    expect(formatNumber(1e9)).toBe('1,000,000,000');
    expect(formatNumber(3.14159)).toBe('3.14');
    expect(formatNumber(0.012345)).toBe('0.0123');
    expect(formatNumber(2e20)).toBe('2e+20');
    expect(formatSI(11_574)).toBe('11.6k');
    expect(formatSI(1e8)).toBe('100M');
  });

  it('writes bytes and bit rates in decimal units unless asked for binary', () => {
    expect(formatBytes(2000)).toBe('2 KB');
    expect(formatBytes(36.5e12)).toBe('36.5 TB');
    expect(formatBytes(999_700)).toBe('1 MB');
    expect(formatBytes(10 * 2 ** 30, { binary: true })).toBe('10 GiB');
    expect(formatBitRate(1.25e8)).toBe('1 Gbps');
  });

  it('writes durations the way downtime tables do', () => {
    expect(formatDuration(31_556.952)).toBe('8 h 45 m 57 s');
    expect(formatDuration(3155.6952)).toBe('52 m 35.7 s');
    expect(formatDuration(0.864)).toBe('864 ms');
    expect(formatDuration(3599.97)).toBe('1 h');
    expect(formatDuration(0.0009997)).toBe('1 ms');
    expect(formatDuration(5e-10)).toBe('0.5 ns');
    expect(formatDuration(YEAR_S + 2 * 86_400)).toBe('1 y 2 d');
  });

  it('writes percentages with the decimals their nines need', () => {
    expect(formatPercent(0.999 * 0.999)).toBe('99.8001%');
    expect(formatPercent(1 - 0.001 * 0.001)).toBe('99.9999%');
    expect(formatPercent(0.9)).toBe('90%');
    expect(formatPercent(1 - 1e-9)).toBe('99.9999999%');
    expect(formatNines(0.999)).toBe('3 nines');
    expect(formatNines(0.9995)).toBe('3.3 nines');
  });
});

/** Relative closeness, with an absolute floor for values near zero. */
function near(a: number, b: number, relative: number, absolute = 0): boolean {
  return Math.abs(a - b) <= Math.max(absolute, relative * Math.abs(b));
}

describe('format then parse gives the value back within the rounding shown', () => {
  const positive = fc.double({ min: 1e-6, max: 1e14, noNaN: true });

  it('counts', () => {
    fc.assert(
      fc.property(positive, (n) => {
        const back = value(parseCount(formatNumber(n)));
        return near(back, n, 0.005, 0.005);
      }),
    );
    fc.assert(fc.property(fc.double({ min: 1, max: 1e14, noNaN: true }), (n) => near(value(parseCount(formatSI(n))), n, 0.005)));
  });

  it('bytes, decimal and binary', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e20, noNaN: true }), fc.boolean(), (n, binary) => {
        const back = value(parseBytes(formatBytes(n, { binary })));
        return near(back, n, 0.005, 0.005);
      }),
    );
  });

  it('durations', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-9, max: 500 * YEAR_S, noNaN: true }), (s) => {
        const text = formatDuration(s);
        const back = value(parseDuration(text));
        // Under an hour: 0.1 s or three significant digits; above, the last of four parts.
        return near(back, s, 0.005, 0.05);
      }),
    );
  });

  it('percentages and availabilities', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), uniform(0, 1), uniform(0.99, 1)), (f) => {
        const back = value(parseAvailability(formatPercent(f)));
        const down = 1 - f;
        // Four significant digits of the share and of what is left to 100%, whichever is smaller.
        return near(back, f, 0.001, 1e-13) && near(1 - back, down, 0.001, 1e-12);
      }),
    );
  });
});
