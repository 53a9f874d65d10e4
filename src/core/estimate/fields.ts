/**
 * Reading one field's text by its kind and bounds. Shared by the palette's input boxes
 * (validateInput) and the CLI's options, so both accept and refuse the same text with the
 * same message.
 */
import type { FieldSpec } from './types';
import {
  formatBytes,
  formatDuration,
  formatNumber,
  formatPercent,
  parseAvailability,
  parseBytes,
  parseCount,
  parseDuration,
  parseShare,
  type Parsed,
} from './units';
import { parseAvailabilityList, parseComposite } from './compositeExpr';

/** Parses `text` for `field`; the message (on failure) says what the field accepts. */
export function parseField(field: FieldSpec, text: string): Parsed<number | string> {
  switch (field.kind) {
    case 'count':
      return bounded(field, parseCount(text, field.units));
    case 'number': {
      const r = parseCount(text, field.units);
      return bounded(field, r.ok ? r : { ok: false, message: `expected a number like ${field.example}` });
    }
    case 'bytes':
      return bounded(field, parseBytes(text, field.units));
    case 'duration':
      return bounded(field, parseDuration(text));
    case 'share':
      return bounded(field, parseShare(text));
    case 'availability':
      return bounded(field, parseAvailability(text));
    case 'choice': {
      const t = text.trim().toLowerCase();
      const choice = field.choices?.find((c) => c.value === t || c.aliases?.includes(t));
      if (choice) return { ok: true, value: choice.value };
      return { ok: false, message: `expected one of ${(field.choices ?? []).map((c) => c.value).join(', ')}` };
    }
    case 'availabilities': {
      const r = parseAvailabilityList(text);
      return r.ok ? { ok: true, value: text.trim() } : r;
    }
    case 'composite': {
      const r = parseComposite(text);
      return r.ok ? { ok: true, value: text.trim() } : r;
    }
  }
}

/** The message for bad text, or undefined when it is fine: InputBox.validateInput's contract. */
export function validateField(field: FieldSpec, text: string): string | undefined {
  const r = parseField(field, text);
  return r.ok ? undefined : r.message;
}

/** A parsed value written back the way the field shows it. */
export function formatFieldValue(field: FieldSpec, value: number): string {
  switch (field.kind) {
    case 'bytes':
      return formatBytes(value);
    case 'duration':
      return formatDuration(value);
    case 'share':
    case 'availability':
      return formatPercent(value);
    default:
      return formatNumber(value);
  }
}

/** Checks a parsed number against the field's bounds (also used for numbers given directly). */
export function bounded(field: FieldSpec, r: Parsed<number>): Parsed<number> {
  if (r.ok && !Number.isFinite(r.value)) return { ok: false, message: `expected a finite number like ${field.example}` };
  if (!r.ok) return r;
  const v = r.value;
  if (field.integer && !Number.isInteger(v)) return { ok: false, message: `expected a whole number, got ${formatNumber(v)}` };
  if (field.min !== undefined) {
    if (field.minExclusive ? !(v > field.min) : !(v >= field.min)) {
      return { ok: false, message: `must be ${field.minExclusive ? 'more than' : 'at least'} ${formatFieldValue(field, field.min)}` };
    }
  }
  if (field.max !== undefined && !(v <= field.max)) {
    return { ok: false, message: `must be at most ${formatFieldValue(field, field.max)}` };
  }
  return r;
}
