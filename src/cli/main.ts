// Runs in Node: the `sdlab` command. Dispatches to one module per subcommand; every error
// a user can cause becomes one line on stderr and exit code 2, never a stack trace.
import { processIO, UsageError, InputError, EXIT_USAGE, type CliIO } from './io';
import { commands } from './commands/index';

declare const SDLAB_VERSION: string | undefined;
const version = typeof SDLAB_VERSION === 'string' ? SDLAB_VERSION : '0.0.0-dev';

export function usage(): string {
  const lines = [
    'Usage: sdlab <command> [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     show help (also: sdlab <command> --help)',
    '  -v, --version  print the version',
    '',
    'Exit codes: 0 fine, 1 the check found errors, 2 bad usage or unreadable input.',
  ];
  return lines.join('\n') + '\n';
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === '-v' || name === '--version') {
    io.stdout(`${version}\n`);
    return 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    io.stderr(`sdlab: unknown command '${name}' (try: ${Object.keys(commands).join(', ')})\n`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.helpFor?.(rest) ?? command.help);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof InputError) {
      io.stderr(`${err.message}\n`);
    } else {
      const message = err instanceof Error ? err.message : String(err);
      io.stderr(`sdlab ${name}: internal error: ${message}\n`);
    }
    return EXIT_USAGE;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2), processIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`sdlab: internal error: ${String(err)}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
}
