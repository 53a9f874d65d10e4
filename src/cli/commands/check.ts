// Runs in Node (the `sdlab` CLI): `sdlab check <history>` reads a history file, checks it with
// core/check and prints the verdict, every anomaly's witness and its Mermaid diagram.
// Exit codes (docs/cli-check.md): 0 linearizable and no anomalies; 1 not linearizable,
// anomalies found, or no verdict within the limits; 2 bad usage or unreadable input.
import { performance } from 'node:perf_hooks';
import { parse, numberOption } from '../args';
import { EXIT_FINDINGS, EXIT_OK, InputError, UsageError, type CliIO } from '../io';
import type { Command } from './index';
import type { HistoryOp } from '../../core/sim/history';
import {
  checkHistory,
  describeCall,
  describeReturn,
  HISTORY_FORMATS,
  MODEL_NAMES,
  parseHistory,
  unsupportedOps,
  type CheckResult,
  type HistoryFormat,
  type ModelName,
} from '../../core/check/index';

const DEFAULT_TIME_LIMIT_S = 60;

const help = `Usage: sdlab check <history> [options]

Checks a recorded operation history: linearizability of every key (as Porcupine does it),
session guarantees (read-your-writes, monotonic reads, monotonic writes, writes-follow-reads),
stale reads against the simulator's ground truth, and lost acknowledged writes. Every
violation comes with a minimal witness and a Mermaid sequence diagram.

Options:
  --model <m>        register | cas-register | kv (default: from the operations in the history)
  --format <f>       json | jepsen | edn (default: detected from the file)
  --time-limit <s>   give up after this many seconds with verdict "unknown" (default ${DEFAULT_TIME_LIMIT_S})
  --json             print one JSON document: { verdict, anomalies, keys, stats, ... }

Formats: sdlab history JSON (docs/history.md), Jepsen etcd logs, EDN key-value logs.

Exit codes: 0 linearizable and no anomalies; 1 not linearizable, anomalies found, or no
verdict within the time limit ("unknown"); 2 bad usage or unreadable input.
`;

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function opTable(ops: readonly HistoryOp[], unit: 'ms' | 'line'): string[] {
  const head = ['#', 'session', 'node', 'operation', 'result', unit === 'line' ? 'invoked (line)' : 'invoked (ms)', unit === 'line' ? 'completed (line)' : 'completed (ms)'];
  const rows = ops.map((op) => [String(op.id), op.session, op.node ?? '', describeCall(op), describeReturn(op), String(op.invokeMs), String(op.completeMs)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows].map((r) => '    ' + r.map((c, i) => pad(c, widths[i]!)).join('  ').trimEnd());
}

function renderText(file: string, result: CheckResult, elapsedMs: number, unit: 'ms' | 'line'): string {
  const out: string[] = [];
  const verdict = { linearizable: 'linearizable', 'not-linearizable': 'NOT linearizable', unknown: 'UNKNOWN (no verdict within the limits)' }[result.verdict];
  const s = result.stats;
  out.push(`${file}: ${verdict}`);
  out.push(`  model ${result.model}; ${s.ops} operations, ${s.keys} key${s.keys === 1 ? '' : 's'}, ${s.sessions} session${s.sessions === 1 ? '' : 's'}; ${s.steps} search steps; ${elapsedMs.toFixed(1)} ms`);
  const notLin = result.keys.filter((k) => k.verdict === 'not-linearizable');
  const unknown = result.keys.filter((k) => k.verdict === 'unknown');
  if (notLin.length > 0) out.push(`  keys not linearizable: ${notLin.map((k) => JSON.stringify(k.key)).join(', ')}`);
  if (unknown.length > 0) {
    out.push(`  keys undecided: ${unknown.map((k) => JSON.stringify(k.key)).join(', ')} (${unknown[0]!.note ?? 'not decided'})`);
  }
  if (s.readsWithTruth > 0) out.push(`  ground truth: ${s.staleReads} of ${s.readsWithTruth} reads stale`);
  if (s.keysWithoutUniqueWrites > 0) {
    const n = s.keysWithoutUniqueWrites;
    out.push(`  session guarantees and lost writes not checked on ${n} key${n === 1 ? '' : 's'}: appends, or written values that repeat`);
  }
  for (const [i, a] of result.anomalies.entries()) {
    out.push('');
    out.push(`[${i + 1}] ${a.kind} · key ${JSON.stringify(a.key)}${a.witness.minimal ? '' : ' (witness not shrunk to minimal within the limits)'}`);
    out.push(`    ${a.message}`);
    out.push('');
    out.push(...opTable(a.witness.ops, unit));
    out.push('');
    out.push('    ```mermaid');
    out.push(...a.witness.mermaid.trimEnd().split('\n').map((l) => '    ' + l));
    out.push('    ```');
  }
  const counts = Object.entries(s.anomalyCounts).filter(([, n]) => n > 0);
  out.push('');
  if (counts.length === 0) out.push('No anomalies.');
  else {
    const total = counts.reduce((t, [, n]) => t + n, 0);
    out.push(`${total} anomal${total === 1 ? 'y' : 'ies'}: ${counts.map(([k, n]) => `${n} ${k}`).join(', ')}${s.anomaliesOmitted ? ` (${s.anomaliesOmitted} not listed)` : ''}`);
  }
  return out.join('\n') + '\n';
}

export const check: Command = {
  summary: 'check a history: linearizability, session guarantees, lost writes',
  help,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parse('check', argv, {
      model: { type: 'string' },
      format: { type: 'string' },
      'time-limit': { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new UsageError(`sdlab check: expected one history file, got ${positionals.length} (see sdlab check --help)`);
    const model = values.model;
    if (model !== undefined && !(MODEL_NAMES as readonly string[]).includes(model)) {
      throw new UsageError(`sdlab check: --model must be one of ${MODEL_NAMES.join(', ')}, got '${model}'`);
    }
    const format = values.format;
    if (format !== undefined && !(HISTORY_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`sdlab check: --format must be one of ${HISTORY_FORMATS.join(', ')}, got '${format}'`);
    }
    const timeLimitS = numberOption('check', 'time-limit', values['time-limit'], { min: 0 }) ?? DEFAULT_TIME_LIMIT_S;
    const file = positionals[0]!;

    let text: string;
    try {
      text = io.readFile(file);
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw new InputError(`sdlab check: cannot read ${file}${code === 'ENOENT' ? ': no such file' : code === 'EISDIR' ? ': is a directory' : ''}`);
    }
    const parsed = parseHistory(text, format as HistoryFormat | undefined);
    if (!parsed.ok) throw new InputError(`sdlab check: ${file}: ${parsed.error}`);
    const history = parsed.history;
    if (model) {
      const problem = unsupportedOps(history, model as ModelName);
      if (problem) throw new InputError(`sdlab check: ${file}: ${problem}`);
    }

    const t0 = performance.now();
    const result = checkHistory(history, {
      model: model as ModelName | undefined,
      now: () => performance.now(),
      timeBudgetMs: timeLimitS * 1000,
    });
    const elapsed = performance.now() - t0;
    if (result.error) throw new InputError(`sdlab check: ${file}: ${result.error}`);

    const unit = history.timeUnit ?? 'ms';
    if (values.json) {
      io.stdout(JSON.stringify({ file, format: parsed.format, timeUnit: unit, elapsedMs: Math.round(elapsed * 1000) / 1000, ...result }, null, 2) + '\n');
    } else {
      io.stdout(renderText(file, result, elapsed, unit));
    }
    if (result.verdict === 'unknown') {
      io.stderr(
        `sdlab check: no verdict: ${result.stats.timeLimitReached ? `time limit of ${timeLimitS} s reached (raise it with --time-limit)` : result.stats.stepLimitReached ? 'step limit reached' : 'undecided'}\n`,
      );
    }
    return result.verdict === 'linearizable' && result.anomalies.length === 0 && result.stats.anomaliesOmitted === 0 ? EXIT_OK : EXIT_FINDINGS;
  },
};
