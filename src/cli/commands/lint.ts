// Runs in Node: `sdlab lint <files or globs> --format text|json|sarif [--max-warnings N]`.
// Exit codes as ESLint's: 0 clean, 1 errors (or more warnings than --max-warnings), 2 bad
// usage or unreadable input.
import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { parseDesignDocument } from '../../core/design/index';
import type { Finding } from '../../core/design/types';
import {
  describeAvailability,
  formatPercent,
  lintDocument,
  REPOSITORY_URL,
  RULES,
  type AvailabilityReport,
} from '../../core/lint/index';
import { numberOption, parse } from '../args';
import type { Command } from './index';
import { EXIT_FINDINGS, EXIT_OK, InputError, UsageError, type CliIO } from '../io';

declare const SDLAB_VERSION: string | undefined;

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

/** What a folder argument stands for: the files that can hold designs. */
const DESIGN_FILES = '**/*.{mmd,mermaid,md,markdown}';

export interface FileAvailability {
  /** As a fraction: 0.9999. */
  availability: number;
  percent: string;
  /** −log10(1 − availability); absent (JSON has no Infinity) when nothing can fail. */
  nines?: number;
  downtimeMinutesPerYear: number;
  target?: number;
  meetsTarget?: boolean;
  /** The component that costs the most downtime. */
  costliest?: string;
}

export interface FileResult {
  filePath: string;
  findings: Finding[];
  errorCount: number;
  warningCount: number;
  /** The file's first design with a figure (a Markdown file may hold several designs). */
  availability?: FileAvailability;
}

export const lintCommand: Command = {
  summary: 'check designs for missing redundancy, single points of failure and targets',
  help: [
    'Usage: sdlab lint <files, folders or globs...> [--format text|json|sarif] [--max-warnings N]',
    '',
    'Lints Mermaid designs (.mmd, .mermaid) and ```mermaid fences in Markdown.',
    'A folder means every .mmd, .mermaid, .md and .markdown file under it.',
    '',
    'Options:',
    '  --format <f>        text (default, like ESLint\'s stylish), json (one entry per file),',
    '                      sarif (SARIF 2.1.0, for GitHub code scanning)',
    '  --max-warnings <n>  exit 1 when there are more than n warnings',
    '',
    'Exit codes: 0 no errors, 1 errors (or too many warnings), 2 bad usage or unreadable input.',
    '',
  ].join('\n'),
  async run(argv, io) {
    const { values, positionals } = parse('lint', argv, {
      format: { type: 'string' },
      'max-warnings': { type: 'string' },
    });
    const format = (values.format ?? 'text') as Format;
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`sdlab lint: --format must be one of ${FORMATS.join(', ')}, got '${values.format}'`);
    }
    const maxWarnings = numberOption('lint', 'max-warnings', values['max-warnings'], { min: 0, integer: true });
    if (positionals.length === 0) throw new UsageError('sdlab lint: name at least one file, folder or glob (try: sdlab lint examples)');

    const files = expand(positionals, io.cwd);
    // Only the JSON output carries quick fixes.
    const results = files.map((f) => lintFile(f, io, format === 'json'));

    if (format === 'json') io.stdout(`${JSON.stringify(results, null, 2)}\n`);
    else if (format === 'sarif') io.stdout(`${JSON.stringify(toSarif(results), null, 2)}\n`);
    else io.stdout(stylish(results, io.isTTY));

    const errors = results.reduce((n, r) => n + r.errorCount, 0);
    const warnings = results.reduce((n, r) => n + r.warningCount, 0);
    if (maxWarnings !== undefined && warnings > maxWarnings) {
      io.stderr(`sdlab lint: too many warnings (${warnings}); at most ${maxWarnings} allowed\n`);
      return EXIT_FINDINGS;
    }
    return errors > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};

/** Arguments to files, in argument order, each once: a file as is, a folder's design files, a glob's matches (sorted). */
function expand(args: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (path: string) => {
    const shown = display(path, cwd);
    if (!seen.has(shown)) {
      seen.add(shown);
      out.push(shown);
    }
  };
  for (const arg of args) {
    const kind = statKind(resolve(cwd, arg));
    if (kind === 'file') {
      add(arg);
      continue;
    }
    const pattern = kind === 'dir' ? `${arg.replace(/[/\\]+$/, '').replace(/\\/g, '/')}/${DESIGN_FILES}` : arg;
    if (kind !== 'dir' && !isDynamicPattern(arg)) throw new InputError(`sdlab lint: no such file or folder: ${arg}`);
    const matches = globSync(pattern, { cwd, onlyFiles: true, ignore: ['**/node_modules/**', '**/.git/**'], expandDirectories: false });
    if (matches.length === 0) throw new InputError(`sdlab lint: no files match '${arg}'`);
    for (const m of matches.sort()) add(m);
  }
  return out;
}

function statKind(path: string): 'file' | 'dir' | undefined {
  try {
    const s = statSync(path);
    return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

/** Paths relative to the working directory with forward slashes: stable in output and SARIF. */
function display(path: string, cwd: string): string {
  const abs = resolve(cwd, path);
  const rel = relative(cwd, abs);
  const shown = rel === '' || rel.startsWith('..') || isAbsolute(rel) ? abs : rel;
  return shown.split(sep).join('/');
}

function lintFile(filePath: string, io: CliIO, fixes: boolean): FileResult {
  let text: string;
  try {
    text = io.readFile(resolve(io.cwd, filePath));
  } catch (err) {
    const reason = err instanceof Error && 'code' in err ? String((err as NodeJS.ErrnoException).code) : String(err);
    throw new InputError(`sdlab lint: cannot read ${filePath} (${reason})`);
  }
  const lint = lintDocument(parseDesignDocument(text, { fileName: filePath }), { text, fixes });
  const result: FileResult = {
    filePath,
    findings: lint.findings,
    errorCount: lint.findings.filter((f) => f.severity === 'error').length,
    warningCount: lint.findings.filter((f) => f.severity === 'warning').length,
  };
  const first = lint.designs.find((d) => d.availability !== undefined)?.availability;
  if (first) result.availability = fileAvailability(first);
  return result;
}

function fileAvailability(r: AvailabilityReport): FileAvailability {
  const out: FileAvailability = {
    availability: r.availability,
    percent: formatPercent(r.availability),
    downtimeMinutesPerYear: r.downtimeMinutesPerYear,
  };
  if (Number.isFinite(r.nines)) out.nines = r.nines;
  if (r.target !== undefined) {
    out.target = r.target;
    out.meetsTarget = r.availability >= r.target - 1e-12;
  }
  if (r.costliest !== undefined) out.costliest = r.costliest;
  return out;
}

// --- text: ESLint's stylish layout -------------------------------------------------------

function stylish(results: readonly FileResult[], color: boolean): string {
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  let total = 0;
  for (const r of results) {
    if (r.findings.length === 0 && !r.availability) continue;
    errors += r.errorCount;
    warnings += r.warningCount;
    total += r.findings.length;
    lines.push(paint('4', r.filePath));
    const rows = r.findings.map((f) => [`${f.range.start.line + 1}:${f.range.start.character + 1}`, f.severity, f.message, f.rule]);
    const w0 = Math.max(0, ...rows.map((x) => x[0]!.length));
    const w1 = Math.max(0, ...rows.map((x) => x[1]!.length));
    for (const [pos, sev, message, rule] of rows) {
      const sevText = sev!.padEnd(w1);
      const colored = sev === 'error' ? paint('31', sevText) : sev === 'warning' ? paint('33', sevText) : paint('36', sevText);
      lines.push(`  ${paint('2', pos!.padStart(w0))}  ${colored}  ${message}  ${paint('2', rule!)}`);
    }
    if (r.availability) {
      const a = r.availability;
      const verdict = a.target === undefined ? '' : ` · ${a.meetsTarget ? 'meets' : 'below'} the ${formatPercent(a.target)} target`;
      lines.push(`  ${paint('2', `availability ${describeAvailability({ availability: a.availability, nines: a.nines ?? Infinity, downtimeMinutesPerYear: a.downtimeMinutesPerYear })}${verdict}`)}`);
    }
    lines.push('');
  }
  if (total > 0) {
    const summary = `✖ ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`;
    lines.push(paint(errors > 0 ? '31;1' : '33;1', summary));
  } else {
    lines.push(paint('32', `✔ no problems in ${results.length} file${results.length === 1 ? '' : 's'}`));
  }
  return `${lines.join('\n')}\n`;
}

// --- SARIF 2.1.0 -------------------------------------------------------------------------

const SARIF_LEVEL: Record<Finding['severity'], 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function toSarif(results: readonly FileResult[]): unknown {
  const version = typeof SDLAB_VERSION === 'string' ? SDLAB_VERSION : '0.0.0-dev';
  const ruleIndex = new Map<string, number>(RULES.map((r, i) => [r.id, i]));
  const region = (r: Finding['range']) => ({
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  });
  const location = (filePath: string, range: Finding['range']) => ({
    physicalLocation: { artifactLocation: { uri: encodeURI(filePath), uriBaseId: '%SRCROOT%' }, region: region(range) },
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sdlab',
            fullName: 'System Design Lab linter',
            version,
            semanticVersion: version,
            informationUri: REPOSITORY_URL,
            rules: RULES.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|[/-])(\w)/g, (_m, _s, c: string) => c.toUpperCase()),
              shortDescription: { text: r.description },
              fullDescription: { text: r.why },
              helpUri: r.docsUrl,
              help: { text: `${r.why} See ${r.docsUrl}`, markdown: `${r.why}\n\n[${r.id}](${r.docsUrl})` },
              defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] },
              properties: { tags: ['availability', 'system-design'] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The folder sdlab lint ran in.' } } },
        results: results.flatMap((file) =>
          file.findings.map((f) => {
            const result: Record<string, unknown> = {
              ruleId: f.rule,
              level: SARIF_LEVEL[f.severity],
              message: { text: f.message },
              locations: [location(file.filePath, f.range)],
            };
            const index = ruleIndex.get(f.rule);
            if (index !== undefined) result.ruleIndex = index;
            if (f.related && f.related.length > 0) {
              result.relatedLocations = f.related.map((r, id) => ({ id, ...location(file.filePath, r.range), message: { text: r.message } }));
            }
            if (f.component !== undefined) result.properties = { component: f.component };
            return result;
          }),
        ),
      },
    ],
  };
}
