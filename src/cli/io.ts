// Runs in Node (the `sdlab` CLI). The I/O a command may do, passed in so tests can run a
// command in-process and read what it printed.
import { readFileSync, writeFileSync } from 'node:fs';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): string;
  writeFile(path: string, text: string): void;
  cwd: string;
  /** Whether stdout is a terminal (colours in text output). */
  isTTY: boolean;
}

export function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readFile: (p) => readFileSync(p, 'utf8'),
    writeFile: (p, t) => writeFileSync(p, t),
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
  };
}

/** Bad usage: one line on stderr, exit code 2 (DESIGN.md §4). */
export class UsageError extends Error {}

/** Input that cannot be read or understood (a missing file, malformed JSON): exit code 2. */
export class InputError extends Error {}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
