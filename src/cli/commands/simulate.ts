// Runs in Node (the `sdlab` CLI). `sdlab simulate <design> [--scenario <preset>|<file.json>]
// [--seed N] [--duration S] [--json] [--history out.json]`: runs the simulator on the drawn
// topology and reports what the design costs its users when things fail (DESIGN.md §4, §5).
import { closeSync, openSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDesignDocument } from '../../core/design/index';
import type { Design } from '../../core/design/types';
import { closest } from '../../core/text/suggest';
import { PRESET_NAMES, presets, simulate, type HistoryOp, type Run, type ScenarioError } from '../../core/sim/index';
import { numberOption, parse } from '../args';
import { EXIT_OK, InputError, UsageError, type CliIO } from '../io';
import type { Command } from './index';

const help = `Usage: sdlab simulate <design> [--scenario <preset>|<file.json>] [--seed N] [--duration S]
                      [--json] [--history <out.json>] [--design N]

Simulates the design's own topology under a load and a set of failures, and reports what its
users would see: failed requests, stale reads, lost acknowledged writes, latency.

  <design>              a .mmd / .mermaid diagram, or Markdown with \`\`\`mermaid fences
  --scenario <s>        a preset, or a JSON file with a (partial) scenario (docs/scenario.md).
                        Presets:
${presets()
  .map((p) => `                          ${p.name.padEnd(18)} ${p.description}`)
  .join('\n')}
  --seed <n>            the random seed (same design, scenario and seed: the same run)
  --duration <s>        virtual seconds to simulate
  --json                print { seed, metrics, series, events } as one JSON document
  --history <file>      write every operation to a history file (docs/history.md), for sdlab check
  --design <n>          which design of a Markdown file (1 = the first)
  -h, --help

Exit codes: 0 ran, 2 bad usage, unreadable input or a scenario error (the field is named).
`;

export const simulateCommand: Command = {
  summary: 'simulate failures on a design and report what users would lose',
  help,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parse('simulate', argv, {
      scenario: { type: 'string' },
      seed: { type: 'string' },
      duration: { type: 'string' },
      json: { type: 'boolean' },
      history: { type: 'string' },
      design: { type: 'string' },
    });
    if (positionals.length !== 1) {
      throw new UsageError(
        positionals.length === 0 ? 'sdlab simulate: expected a design file, e.g. sdlab simulate design.mmd --scenario primary-crash' : `sdlab simulate: expected one design file, got ${positionals.length}`,
      );
    }
    const seed = numberOption('simulate', 'seed', values.seed, { min: 0, integer: true });
    const durationS = numberOption('simulate', 'duration', values.duration, { min: 0 });
    if (durationS === 0) throw new UsageError("sdlab simulate: --duration must be greater than 0, got '0'");
    const designIndex = numberOption('simulate', 'design', values.design, { min: 1, integer: true }) ?? 1;

    const file = positionals[0]!;
    const design = readDesign(io, file, designIndex);
    const { scenario, preset, source } = readScenario(io, values.scenario);

    let historyOut: HistoryWriter | undefined;
    if (values.history !== undefined) historyOut = new HistoryWriter(resolve(io.cwd, values.history), values.history);
    let result;
    try {
      result = simulate(design, scenario, {
        ...(preset ? { preset } : {}),
        ...(seed !== undefined ? { seed } : {}),
        ...(durationS !== undefined ? { durationS } : {}),
        historyLimit: 0,
        ...(historyOut ? { onOp: (op: HistoryOp) => historyOut!.op(op) } : {}),
      });
    } catch (err) {
      historyOut?.abort();
      throw err;
    }
    if (!result.ok) {
      historyOut?.abort();
      throw new InputError(`sdlab simulate: ${source}: ${scenarioMessage(result.errors)}`);
    }
    const run = result.run;
    historyOut?.close(run.seed);

    if (values.json) {
      io.stdout(JSON.stringify({ seed: run.seed, metrics: run.metrics, series: run.series, events: run.events }) + '\n');
    } else {
      io.stdout(summary(file, design, run, preset ?? (values.scenario !== undefined ? source : 'defaults')) + '\n');
      if (values.history !== undefined) io.stdout(`\nHistory: ${run.metrics.requests + run.metrics.inFlight} operations written to ${values.history}\n`);
    }
    return EXIT_OK;
  },
};

function readText(io: CliIO, file: string, what: string): string {
  try {
    return io.readFile(resolve(io.cwd, file));
  } catch (err) {
    const code = (err as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : err instanceof Error ? err.message : String(err);
    throw new InputError(`sdlab simulate: cannot read ${what} '${file}': ${why}`);
  }
}

function readDesign(io: CliIO, file: string, index: number): Design {
  const text = readText(io, file, 'design');
  const doc = parseDesignDocument(text, { fileName: file });
  if (doc.designs.length === 0) {
    const why = doc.findings[0]?.message;
    throw new InputError(`sdlab simulate: no design in '${file}'${why ? `: ${why}` : ''}`);
  }
  const design = doc.designs[index - 1];
  if (!design) throw new UsageError(`sdlab simulate: --design ${index}: '${file}' has ${doc.designs.length} design${doc.designs.length === 1 ? '' : 's'}`);
  if (design.components.length === 0) throw new InputError(`sdlab simulate: the design in '${file}' has no components`);
  return design;
}

function readScenario(io: CliIO, value: string | undefined): { scenario: unknown; preset?: string; source: string } {
  if (value === undefined) return { scenario: undefined, source: 'scenario' };
  if ((PRESET_NAMES as readonly string[]).includes(value)) return { scenario: undefined, preset: value, source: `preset '${value}'` };
  if (!/\.json$/i.test(value) && !value.includes('/') && !value.includes('\\')) {
    // Not a preset and does not look like a file: most likely a mistyped preset.
    const guess = closest(value, PRESET_NAMES);
    throw new UsageError(`sdlab simulate: --scenario: unknown preset '${value}'${guess ? ` (did you mean '${guess}'?)` : ''}; presets: ${PRESET_NAMES.join(', ')} (or a .json file)`);
  }
  const text = readText(io, value, 'scenario');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new InputError(`sdlab simulate: ${value}: not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { scenario: parsed, source: value };
}

/** One line: the first problem, and how many more there are. */
function scenarioMessage(errors: ScenarioError[]): string {
  const [first] = errors;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length === 2 ? '' : 's'})` : '';
  return `${first!.path}: ${first!.message}${more}`;
}

/**
 * Streams the history to disk as the run goes: a long run has millions of operations, and
 * holding them to write at the end would make memory grow with the run.
 */
class HistoryWriter {
  private fd: number;
  private buffer: string[] = [];
  private size = 0;
  private first = true;

  constructor(
    path: string,
    private readonly shown: string,
  ) {
    try {
      this.fd = openSync(path, 'w');
    } catch (err) {
      const code = (err as { code?: string }).code;
      const why = code === 'ENOENT' ? 'no such directory' : code === 'EISDIR' ? 'it is a directory' : err instanceof Error ? err.message : String(err);
      throw new InputError(`sdlab simulate: cannot write history '${shown}': ${why}`);
    }
    this.write('{"initial":null,"ops":[\n');
  }

  op(op: HistoryOp): void {
    const line = (this.first ? '' : ',\n') + JSON.stringify(op);
    this.first = false;
    this.buffer.push(line);
    this.size += line.length;
    if (this.size > 1 << 16) this.flush();
  }

  close(seed: number): void {
    this.flush();
    this.write(`\n],"seed":${seed}}\n`);
    closeSync(this.fd);
  }

  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      // Already closed; nothing else to undo.
    }
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    this.write(this.buffer.join(''));
    this.buffer = [];
    this.size = 0;
  }

  private write(text: string): void {
    try {
      writeSync(this.fd, text);
    } catch (err) {
      throw new InputError(`sdlab simulate: cannot write history '${this.shown}': ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

// ---- text output ----------------------------------------------------------------------------

const int = (n: number) => Math.round(n).toLocaleString('en-US');

function ms(n: number): string {
  if (n >= 10_000) return `${(n / 1000).toFixed(1)} s`;
  if (n >= 1000) return `${(n / 1000).toFixed(2)} s`;
  if (n >= 100) return `${Math.round(n)} ms`;
  return `${Number(n.toFixed(1))} ms`;
}

function pct(part: number, whole: number): string {
  if (whole === 0) return '0%';
  const p = (part / whole) * 100;
  return `${p >= 10 || p === 0 ? p.toFixed(1) : p >= 0.01 ? p.toFixed(2) : p.toPrecision(2)}%`;
}

function summary(file: string, design: Design, run: Run, scenarioName: string): string {
  const m = run.metrics;
  const s = run.scenario;
  const lines: string[] = [];
  const mode = s.replication.mode === 'design' ? 'as drawn' : s.replication.mode;
  lines.push(`${file}: ${scenarioName}, seed ${run.seed}, ${run.durationS} s at ${int(s.workload.rps)} requests/s (${pct(s.workload.readRatio, 1)} reads)`);
  lines.push(`  replication ${mode}, reads from ${s.reads}, ${s.partitionMode} under partitions, ${s.faults.length} fault${s.faults.length === 1 ? '' : 's'}, ${design.components.length} components`);
  lines.push('');
  lines.push('What users saw');
  lines.push(`  requests         ${int(m.requests)}: ${int(m.ok)} ok (${pct(m.ok, m.requests)}), ${int(m.failed)} failed${m.failed > 0 ? ` (${int(m.refused)} refused, ${int(m.timedOut)} timed out)` : ''}`);
  if (m.reads > 0) lines.push(`  read latency     p50 ${ms(m.readLatencyMs.p50)}, p95 ${ms(m.readLatencyMs.p95)}, p99 ${ms(m.readLatencyMs.p99)}`);
  if (m.writes > 0) lines.push(`  write latency    p50 ${ms(m.writeLatencyMs.p50)}, p95 ${ms(m.writeLatencyMs.p95)}, p99 ${ms(m.writeLatencyMs.p99)}`);
  lines.push(`  stale reads      ${int(m.staleReads)}${m.staleReads > 0 ? ` (${pct(m.staleReads, m.reads)} of reads), up to ${ms(m.maxStalenessMs)} behind` : ''}`);
  lines.push(`  read-your-writes violations  ${int(m.rywViolations)}`);
  lines.push('');
  lines.push('What the data lost');
  lines.push(`  lost acknowledged writes  ${int(m.lostWrites)}${m.lostWrites > 0 ? ` (ids ${m.lostWriteIds.slice(0, 8).join(', ')}${m.lostWriteIds.length > 8 ? ', ...' : ''})` : ''}`);
  lines.push(`  conflicts (last writer wins)  ${int(m.conflicts)}`);
  lines.push(`  replication lag          up to ${ms(m.maxReplicationLagMs)}`);
  lines.push('');
  lines.push('Leadership');
  lines.push(`  leader changes ${m.leaderChanges}${m.failoverMs !== null ? `, longest failover ${ms(m.failoverMs)}` : ''}, most leaders at once ${m.maxConcurrentLeaders}${m.maxConcurrentLeaders > 1 ? ' (split brain)' : ''}`);
  if (m.skipped > 0) lines.push(`  (${int(m.skipped)} operations not issued: their session was still waiting on earlier ones)`);
  const events = run.events;
  if (events.length > 0) {
    lines.push('');
    lines.push(`Events (${events.length}${run.eventsDropped > 0 ? ` + ${run.eventsDropped} not kept` : ''})`);
    const shown = events.length > 24 ? [...events.slice(0, 20), undefined, ...events.slice(-3)] : events;
    for (const e of shown) {
      if (!e) {
        lines.push(`  ... ${events.length - 23} more (--json for all)`);
        continue;
      }
      lines.push(`  ${(e.atMs / 1000).toFixed(3).padStart(9)} s  ${e.kind.padEnd(11)} ${e.message}`);
    }
  }
  return lines.join('\n');
}
