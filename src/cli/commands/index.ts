// Runs in Node. The registry of `sdlab` subcommands; each lives in its own file.
import type { CliIO } from '../io';
import { check } from './check';
import { estimate } from './estimate';
import { inspect } from './inspect';
import { lintCommand } from './lint';
import { simulateCommand } from './simulate';

export interface Command {
  summary: string;
  help: string;
  /** Help for a subcommand's own options (e.g. `sdlab estimate qps --help`); `help` when absent. */
  helpFor?(argv: string[]): string;
  run(argv: string[], io: CliIO): Promise<number>;
}

export const commands: Record<string, Command> = {
  inspect,
  lint: lintCommand,
  check,
  simulate: simulateCommand,
  estimate,
};
