// Test helper: a file's text to its lint result, through the same facade the editor and CLI use.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDesign, parseDesignDocument } from '../../../src/core/design/index';
import type { Design } from '../../../src/core/design/types';
import { lintDesign, lintDocument, type DesignLintResult, type DocumentLintResult, type LintOptions } from '../../../src/core/lint/index';
import { repoRoot } from '../../support/sharedData';

export function designOf(text: string): Design {
  return parseDesign(text);
}

/** A .mmd file's one design, linted. */
export function lintText(text: string, options: LintOptions = {}): DesignLintResult {
  return lintDesign(parseDesign(text), { ...options, text });
}

/** Any file (Markdown too), linted as the editor does. */
export function lintFile(text: string, fileName: string, options: LintOptions = {}): DocumentLintResult {
  return lintDocument(parseDesignDocument(text, { fileName }), { ...options, text });
}

export function fixture(path: string): string {
  return readFileSync(join(repoRoot, 'test/fixtures/lint', path), 'utf8');
}

export function example(name: string): string {
  return readFileSync(join(repoRoot, 'examples', name), 'utf8');
}
