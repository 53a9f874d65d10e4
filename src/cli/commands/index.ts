// Runs in Node. The registry of `sdlab` subcommands; each lives in its own file.
import type { CliIO } from '../io';
import { estimate } from './estimate';
import { inspect } from './inspect';

export interface Command {
  summary: string;
  help: string;
  /** Help for `sdlab <command> <argv...> --help` when it depends on the arguments (a subcommand's own help). */
  helpFor?(argv: string[]): string;
  run(argv: string[], io: CliIO): Promise<number>;
}

export const commands: Record<string, Command> = {
  inspect,
  estimate,
};
