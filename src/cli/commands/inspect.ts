// Runs in Node (the `sdlab` CLI). `sdlab inspect <file> [--json]`: what the design model reads
// from a design file — components with their kinds and why, links, groups, requirements,
// findings — so a person can check the inference before trusting the linter or the simulator.
import { resolve } from 'node:path';
import { parseDesignDocument, isMarkdownDocument } from '../../core/design/index';
import type { Component, Design, Finding, Range, Requirements } from '../../core/design/types';
import { parse } from '../args';
import { EXIT_FINDINGS, EXIT_OK, InputError, UsageError, type CliIO } from '../io';
import type { Command } from './index';

const help = `Usage: sdlab inspect <file> [--json]

Shows what System Design Lab reads from a design: every component with its kind (and why),
instances, role and region; links; groups; requirements; findings.

  <file>   a .mmd / .mermaid diagram, or a Markdown file with \`\`\`mermaid fences
  --json   print one JSON document on stdout (see docs/cli.md)
  -h, --help

Exit codes: 0 read fine, 1 the file has errors (syntax), 2 bad usage or unreadable file.
`;

/** §4's shape for one design, plus `region` on components. */
export interface InspectDesign {
  components: {
    id: string;
    label: string;
    kind: string;
    instances: number;
    role?: string;
    group?: string;
    region?: string;
    range: Range;
  }[];
  links: { from: string; to: string; kind: string; mode?: string }[];
  groups: { id: string; label: string; kind: string }[];
  requirements: Requirements;
  findings: Finding[];
}

/** A Markdown file: one entry per design fence, plus findings about the file as a whole. */
export interface InspectMarkdown {
  designs: (InspectDesign & { range: Range })[];
  findings: Finding[];
}

export const inspect: Command = {
  summary: 'show the components, links, groups and requirements read from a design',
  help,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parse('inspect', argv, { json: { type: 'boolean' } });
    if (positionals.length !== 1) {
      throw new UsageError(
        positionals.length === 0
          ? 'sdlab inspect: expected a design file, e.g. sdlab inspect design.mmd'
          : `sdlab inspect: expected one design file, got ${positionals.length}`,
      );
    }
    const file = positionals[0]!;
    let text: string;
    try {
      text = io.readFile(resolve(io.cwd, file));
    } catch (err) {
      const code = (err as { code?: string }).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : err instanceof Error ? err.message : String(err);
      throw new InputError(`sdlab inspect: cannot read '${file}': ${why}`);
    }
    const markdown = isMarkdownDocument(text, { fileName: file });
    const doc = parseDesignDocument(text, { fileName: file });
    const allFindings = [...doc.findings, ...doc.designs.flatMap((d) => d.findings)];
    const exit = allFindings.some((f) => f.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;

    if (values.json) {
      let out: InspectDesign | InspectMarkdown;
      if (markdown) {
        out = { designs: doc.designs.map((d) => ({ range: d.range, ...toJson(d, []) })), findings: doc.findings };
      } else {
        const [design] = doc.designs;
        out = design ? toJson(design, doc.findings) : { components: [], links: [], groups: [], requirements: {}, findings: doc.findings };
      }
      io.stdout(JSON.stringify(out, null, 2) + '\n');
      return exit;
    }

    const lines: string[] = [];
    if (markdown) {
      lines.push(`${file}: ${count(doc.designs.length, 'design')} in Markdown`);
      doc.designs.forEach((d, i) => {
        lines.push('', `== design ${i + 1} (lines ${d.range.start.line + 1}-${d.range.end.line + 1}) ==`);
        lines.push(...designText(d));
      });
      if (doc.findings.length > 0) lines.push('', 'Findings', ...findingLines(doc.findings));
    } else if (doc.designs[0]) {
      const d = doc.designs[0];
      lines.push(`${file}: ${d.diagram === 'architecture' ? 'architecture-beta' : `flowchart${d.direction ? ' ' + d.direction : ''}`}`);
      lines.push(...designText(d));
      if (doc.findings.length > 0) lines.push('', 'Findings', ...findingLines(doc.findings));
    } else {
      lines.push(`${file}: no design`);
      if (doc.findings.length > 0) lines.push('', 'Findings', ...findingLines(doc.findings));
    }
    io.stdout(lines.join('\n') + '\n');
    return exit;
  },
};

function toJson(d: Design, extraFindings: Finding[]): InspectDesign {
  return {
    components: d.components.map((c) => {
      // Key order as in DESIGN.md §4: optional keys only when they apply, range last.
      const out: Omit<InspectDesign['components'][number], 'range'> = { id: c.id, label: c.label, kind: c.kind, instances: c.instances };
      if (c.role) out.role = c.role;
      if (c.group) out.group = c.group;
      if (c.region) out.region = c.region;
      return { ...out, range: c.range };
    }),
    links: d.links.map((l) => (l.mode ? { from: l.from, to: l.to, kind: l.kind, mode: l.mode } : { from: l.from, to: l.to, kind: l.kind })),
    groups: d.groups.map((g) => ({ id: g.id, label: g.label, kind: g.kind })),
    requirements: d.requirements,
    findings: [...extraFindings, ...d.findings],
  };
}

function designText(d: Design): string[] {
  const lines: string[] = [];
  lines.push('', `Components (${d.components.length})`);
  if (d.components.length === 0) lines.push('  (none)');
  else {
    lines.push(
      ...table(
        ['id', 'label', 'kind', 'inst', 'role', 'region', 'why'],
        d.components.map((c: Component) => [c.id, oneLine(c.label), c.kind, String(c.instances), c.role ?? '-', c.region ?? '-', c.kindReason]),
      ),
    );
  }
  lines.push('', `Links (${d.links.length})`);
  if (d.links.length === 0) lines.push('  (none)');
  else {
    lines.push(
      ...table(
        ['from', '', 'to', 'kind', 'label'],
        d.links.map((l) => [l.from, '->', l.to, l.kind === 'replication' ? `replication (${l.mode})` : 'call', oneLine(l.label)]),
      ),
    );
  }
  if (d.groups.length > 0) {
    lines.push('', `Groups (${d.groups.length})`);
    lines.push(...table(['id', 'label', 'kind', 'parent'], d.groups.map((g) => [g.id, oneLine(g.label), g.kind, g.parent ?? '-'])));
  }
  lines.push('', 'Requirements');
  lines.push(`  ${requirementsText(d.requirements)}`);
  if (d.disabledRules.length > 0) lines.push('', `Disabled rules: ${d.disabledRules.join(', ')}`);
  if (d.findings.length > 0) lines.push('', `Findings (${d.findings.length})`, ...findingLines(d.findings));
  return lines;
}

function requirementsText(r: Requirements): string {
  const parts: string[] = [];
  if (r.availability !== undefined) parts.push(`availability ${percent(r.availability)}`);
  if (r.dau !== undefined) parts.push(`dau ${human(r.dau)}`);
  if (r.requests !== undefined) parts.push(`requests ${human(r.requests)}/user/day`);
  if (r.peak !== undefined) parts.push(`peak ×${r.peak}`);
  if (r.reads !== undefined) parts.push(`reads ${percent(r.reads)}`);
  if (r.consistency !== undefined) parts.push(`consistency ${r.consistency}`);
  return parts.length > 0 ? parts.join(', ') : '(none: add %% @design availability=99.99 ...)';
}

function percent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(10))}%`;
}

function human(n: number): string {
  for (const [suffix, f] of [['B', 1e9], ['M', 1e6], ['k', 1e3]] as const) {
    if (n >= f) return `${Number((n / f).toFixed(3))}${suffix}`;
  }
  return String(Number(n.toFixed(3)));
}

/** `line:col severity message rule`, 1-based like every other command-line linter. */
function findingLines(findings: readonly Finding[]): string[] {
  return findings.map((f) => `  ${f.range.start.line + 1}:${f.range.start.character + 1}  ${f.severity}  ${f.message}  ${f.rule}`);
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) => ('  ' + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).trimEnd();
  return [fmt(header), ...rows.map(fmt)];
}

function oneLine(s: string): string {
  return s.replace(/<br\s*\/?>/gi, ' ').replace(/\s+/g, ' ').trim();
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
