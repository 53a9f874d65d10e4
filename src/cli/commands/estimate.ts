// Runs in Node (the `sdlab` CLI). `sdlab estimate <estimator>`: the same estimators as the
// command palette, options named after their fields, the formula's steps printed as text or
// the whole Estimate as one JSON document.
import { parse } from '../args';
import { UsageError, EXIT_OK, type CliIO } from '../io';
import type { Command } from './index';
import {
  ESTIMATOR_NAMES,
  estimatorSpec,
  renderText,
  runEstimator,
  type EstimatorName,
  type EstimatorSpec,
  type FieldSpec,
} from '../../core/estimate/index';

const USAGE: Record<EstimatorName, { usage: string[]; examples: string[] }> = {
  qps: {
    usage: ['--dau <count> --requests <number> [--peak <number>] [--reads <share>]'],
    examples: ['sdlab estimate qps --dau 100M --requests 10', 'sdlab estimate qps --dau 100M --requests 10 --peak 3 --reads 0.9 --json'],
  },
  storage: {
    usage: ['--writes <count> --size <size> [--retention <duration>] [--replication <number>] [--growth <share>]'],
    examples: ['sdlab estimate storage --writes 10M --size 2KB', 'sdlab estimate storage --writes 10M --size 2KB --retention 3y --replication 3 --growth 20%'],
  },
  bandwidth: {
    usage: ['--qps <count> --write-size <size> [--read-size <size>] [--reads <share>] [--peak <number>]'],
    examples: ['sdlab estimate bandwidth --qps 11.6k --write-size 2KB --read-size 20KB'],
  },
  servers: {
    usage: ['--qps <count> --per-server <count> [--utilization <share>]'],
    examples: ['sdlab estimate servers --qps 35k --per-server 2k --utilization 60%'],
  },
  cache: {
    usage: ['--read-qps <count> --size <size> [--hot <share>]', '--reads-per-day <count> --size <size> [--hot <share>]'],
    examples: ['sdlab estimate cache --read-qps 10k --size 2KB', 'sdlab estimate cache --reads-per-day 1B --size 500B --hot 10%'],
  },
  availability: {
    usage: ['<availability>', '--downtime <duration> [--per year|month|week|day]'],
    examples: ['sdlab estimate availability 99.99%', 'sdlab estimate availability "4 nines"', 'sdlab estimate availability --downtime 5m --per month'],
  },
  composite: {
    usage: ['<expression>', '--series <list>', '--parallel <list>'],
    examples: [
      'sdlab estimate composite --series 99.9%,99.9%',
      'sdlab estimate composite --parallel 99.9%,99.9%',
      'sdlab estimate composite "99.99% * (99.9% | 99.9%) * 99.95%"',
    ],
  },
  latency: { usage: [''], examples: ['sdlab estimate latency', 'sdlab estimate latency --json'] },
};

const PLACEHOLDER: Record<FieldSpec['kind'], string> = {
  count: '<count>',
  number: '<number>',
  bytes: '<size>',
  duration: '<duration>',
  share: '<share>',
  availability: '<availability>',
  choice: '<choice>',
  availabilities: '<list>',
  composite: '<expression>',
};

function overview(): string {
  const lines = [
    'Usage: sdlab estimate <estimator> [options] [--json]',
    '',
    'Back-of-the-envelope estimates, with the formula and its numbers shown.',
    '',
    'Estimators:',
    ...ESTIMATOR_NAMES.map((n) => `  ${n.padEnd(13)} ${estimatorSpec(n)!.summary}`),
    '',
    'Numbers take what people type: 100M, 1.5k, 2 KB, 10 GiB, 99.95%, 4 nines, 5 min, 1h30m.',
    'sdlab estimate <estimator> --help lists its options. --json prints one JSON document.',
    'Exit codes: 0 fine, 2 bad usage (one line on stderr naming the option).',
  ];
  return lines.join('\n') + '\n';
}

function estimatorHelp(spec: EstimatorSpec): string {
  const { usage, examples } = USAGE[spec.name];
  const options = spec.fields
    .map((f) => {
      const name = `--${f.option} ${f.kind === 'choice' ? `<${(f.choices ?? []).map((c) => c.value).join('|')}>` : PLACEHOLDER[f.kind]}`;
      const extra = [`e.g. ${f.example}`, f.default !== undefined ? `default ${f.default}` : '', f.aliases?.length ? `also --${f.aliases.join(', --')}` : '']
        .filter(Boolean)
        .join('; ');
      return [name, `${f.label}. ${f.help} (${extra})`];
    });
  options.push(['--json', 'print the estimate as one JSON document']);
  const width = Math.max(...options.map(([n]) => n!.length));
  const lines = [
    ...usage.map((u, i) => `${i === 0 ? 'Usage:' : '      '} sdlab estimate ${spec.name}${u ? ` ${u}` : ''} [--json]`),
    '',
    `${spec.title.replace(/^Estimate /, '')}: ${spec.summary}.`,
  ];
  if (spec.positional) {
    const f = spec.fields.find((x) => x.key === spec.positional)!;
    lines.push('', `Argument:`, `  ${PLACEHOLDER[f.kind].padEnd(width)}  ${f.label}. ${f.help} (e.g. ${f.example})`);
  }
  lines.push('', 'Options:', ...options.map(([n, d]) => `  ${n!.padEnd(width)}  ${d}`));
  lines.push('', 'Examples:', ...examples.map((e) => `  ${e}`));
  return lines.join('\n') + '\n';
}

/** node:util's own advice on unknown options talks about positionals; point at --help instead. */
function parseOptions(command: string, argv: string[], options: Record<string, { type: 'string' | 'boolean' }>) {
  try {
    return parse(command, argv, options);
  } catch (err) {
    if (err instanceof UsageError && /Unknown option/.test(err.message)) {
      throw new UsageError(`${err.message.replace(/\. To specify a positional.*$/, '')} (see sdlab ${command} --help)`);
    }
    throw err;
  }
}

export const estimate: Command = {
  summary: 'back-of-the-envelope estimates: qps, storage, bandwidth, servers, cache, availability, composite, latency',
  help: overview(),
  helpFor(argv) {
    const spec = argv[0] !== undefined ? estimatorSpec(argv[0]) : undefined;
    return spec ? estimatorHelp(spec) : overview();
  },
  async run(argv: string[], io: CliIO): Promise<number> {
    const [name, ...rest] = argv;
    if (name === undefined || name.startsWith('-')) {
      throw new UsageError(`sdlab estimate: name an estimator: ${ESTIMATOR_NAMES.join(', ')}`);
    }
    const spec = estimatorSpec(name);
    if (!spec) throw new UsageError(`sdlab estimate: unknown estimator '${name}' (try: ${ESTIMATOR_NAMES.join(', ')})`);
    const command = `estimate ${spec.name}`;

    const options: Record<string, { type: 'string' | 'boolean' }> = { json: { type: 'boolean' } };
    const optionToField = new Map<string, FieldSpec>();
    for (const f of spec.fields) {
      for (const o of [f.option, ...(f.aliases ?? [])]) {
        options[o] = { type: 'string' };
        optionToField.set(o, f);
      }
    }
    const { values, positionals } = parseOptions(command, rest, options);

    const given = new Map<string, string>();
    /** How each field was given, to name it in a message: `--dau`, or `<availability>`. */
    const where = new Map<string, string>();
    for (const [option, value] of Object.entries(values)) {
      const field = optionToField.get(option);
      if (!field || typeof value !== 'string') continue;
      if (given.has(field.key)) throw new UsageError(`sdlab ${command}: ${where.get(field.key)} and --${option} are the same option; give it once`);
      given.set(field.key, value);
      where.set(field.key, `--${option}`);
    }
    if (positionals.length > 0) {
      const field = spec.fields.find((f) => f.key === spec.positional);
      if (!field) {
        throw new UsageError(`sdlab ${command}: unexpected argument '${positionals[0]}' (quote values with spaces, e.g. --size '2 KB'; see --help)`);
      }
      if (positionals.length > 1) {
        throw new UsageError(`sdlab ${command}: one ${field.label.toLowerCase()} at a time, got ${positionals.length} arguments (quote an expression with spaces)`);
      }
      if (given.has(field.key)) throw new UsageError(`sdlab ${command}: give the ${field.label.toLowerCase()} once, as an argument or as --${field.option}`);
      given.set(field.key, positionals[0]!);
      where.set(field.key, `<${field.option}>`);
    }

    const outcome = runEstimator(spec.name, given);
    if (!outcome.ok) {
      const { field: key, message } = outcome.error;
      const field = spec.fields.find((f) => f.key === key);
      const text = key !== undefined ? given.get(key) : undefined;
      if (!field) throw new UsageError(`sdlab ${command}: ${message} (see sdlab ${command} --help)`);
      const subject = `${where.get(field.key) ?? `--${field.option}`}${text !== undefined ? ` '${text}'` : ''}`;
      throw new UsageError(`sdlab ${command}: ${subject}: ${message}`);
    }
    io.stdout(values.json === true ? `${JSON.stringify(outcome.estimate, null, 2)}\n` : renderText(outcome.estimate));
    return EXIT_OK;
  },
};
