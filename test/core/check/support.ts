// Runs in Node (tests). Small builders for hand-written histories and fixture loading.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../support/sharedData';
import type { History, HistoryOp, OpKind, Outcome, Value } from '../../../src/core/sim/history';
import { parseHistory } from '../../../src/core/check/formats';

let nextId = 1;

/** One operation; ids count up across a test file unless given. */
export function op(
  session: string,
  key: string,
  kind: OpKind,
  value: HistoryOp['value'],
  invokeMs: number,
  completeMs: number,
  outcome: Outcome = 'ok',
  extra: Partial<HistoryOp> = {},
): HistoryOp {
  return { id: nextId++, session, key, op: kind, value, invokeMs, completeMs, outcome, ...extra };
}

export const w = (session: string, key: string, value: Value, a: number, b: number, outcome: Outcome = 'ok', extra: Partial<HistoryOp> = {}) =>
  op(session, key, 'write', value, a, b, outcome, extra);
export const r = (session: string, key: string, value: Value | null, a: number, b: number, outcome: Outcome = 'ok', extra: Partial<HistoryOp> = {}) =>
  op(session, key, 'read', value, a, b, outcome, extra);
export const cas = (session: string, key: string, from: Value | null, to: Value, a: number, b: number, swapped: boolean | undefined, outcome: Outcome = 'ok') =>
  op(session, key, 'cas', [from, to], a, b, outcome, swapped === undefined ? {} : { swapped });

export function history(ops: HistoryOp[], initial: Value | null = null): History {
  return { initial, ops };
}

export function fixturePath(name: string): string {
  return join(repoRoot, 'test', 'fixtures', 'histories', name);
}

export function fixture(name: string): History {
  const parsed = parseHistory(readFileSync(fixturePath(name), 'utf8'));
  if (!parsed.ok) throw new Error(`${name}: ${parsed.error}`);
  return parsed.history;
}
