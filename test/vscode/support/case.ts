// Runs in Node (the end-to-end runner). What a UI case is: a name and a function that drives
// the workbench the way a person would and throws when what they would see is wrong.
import type { Page } from 'playwright-core';
import type { Workbench } from './workbench';

export interface CaseContext {
  /** The helpers every case shares: open a file, run a command, read squiggles and Problems. */
  readonly wb: Workbench;
  readonly page: Page;
  /** Absolute path of examples/, the folder the workbench has open. */
  readonly examples: string;
  /** `publisher.name` of the extension under test, and its package.json. */
  readonly extensionId: string;
  readonly manifest: { displayName: string; version: string; contributes?: Record<string, unknown> };
  /** A line printed under the case's result (a measured time, a count). */
  note(message: string): void;
  /** A figure printed with the run's metrics (a time a person waits), never asserted. */
  metric(name: string, value: string): void;
}

export interface Case {
  readonly name: string;
  run(ctx: CaseContext): Promise<void>;
}

/** Each file in test/vscode/cases/ default-exports one of these; files run in name order. */
export function defineCase(c: Case): Case {
  return c;
}

/** A failed expectation with a message that says what a person would have seen. */
export function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
