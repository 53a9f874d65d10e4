// Test helper: a file's text to its lint result, through the same parser the editor uses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFlowchartDesign } from '../../../src/core/design/build';
import { parseFlowchart } from '../../../src/core/design/flowchart';
import type { Design } from '../../../src/core/design/types';
import { lintDesign, type LintOptions } from '../../../src/core/lint/index';
import { repoRoot } from '../../support/sharedData';

export function designOf(text: string): Design {
  return buildFlowchartDesign(parseFlowchart(text), text);
}

export function lintText(text: string, options: LintOptions = {}) {
  return lintDesign(designOf(text), { ...options, text });
}

export function fixture(path: string): string {
  return readFileSync(join(repoRoot, 'test/fixtures/lint', path), 'utf8');
}
