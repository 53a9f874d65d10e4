// Runs in Node. The registry of `sdlab` subcommands; each lives in its own file.
import type { CliIO } from '../io';
import { check } from './check';
import { inspect } from './inspect';
import { lintCommand } from './lint';
import { simulateCommand } from './simulate';

export interface Command {
  summary: string;
  help: string;
  run(argv: string[], io: CliIO): Promise<number>;
}

export const commands: Record<string, Command> = {
  inspect,
  lint: lintCommand,
  check,
  simulate: simulateCommand,
};
