// Runs in Node. Argument parsing on node:util's parseArgs, with its errors turned into
// one-line usage errors.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './io';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<O extends Options>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new UsageError(`sdlab ${command}: ${message.replace(/^\w+ \[\w+\]: /, '')}`);
  }
}

/** A numeric option: finite, and within bounds when given. */
export function numberOption(
  command: string,
  name: string,
  value: string | undefined,
  { min, integer = false }: { min?: number; integer?: boolean } = {},
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || (min !== undefined && n < min)) {
    const what = integer ? 'an integer' : 'a number';
    const bound = min !== undefined ? ` >= ${min}` : '';
    throw new UsageError(`sdlab ${command}: --${name} must be ${what}${bound}, got '${value}'`);
  }
  return n;
}
