// Runs in Node (the end-to-end runner). What `sdlab lint --format json` reports for a file,
// run in-process from the same sources as the extension, so a case can check that the editor
// shows the same findings.
import { readFileSync, writeFileSync } from 'node:fs';
import { lintCommand } from '../../../src/cli/commands/lint';
import type { CliIO } from '../../../src/cli/io';

export interface CliFinding {
  rule: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  /** 0-based, as in the JSON. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface CliLintFile {
  filePath: string;
  findings: CliFinding[];
  availability?: { percent: string; nines: number; meetsTarget?: boolean };
}

/** `sdlab lint <file> --format json`, run in `cwd`; throws with stderr when it cannot lint. */
export async function sdlabLint(file: string, cwd: string): Promise<CliLintFile> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readFile: (p) => readFileSync(p, 'utf8'),
    writeFile: (p, t) => writeFileSync(p, t),
    cwd,
    isTTY: false,
  };
  const code = await lintCommand.run([file, '--format', 'json'], io);
  // 0 clean, 1 findings with errors; 2 is a usage or input error.
  if (code === 2) throw new Error(`sdlab lint ${file} --format json exited 2: ${stderr.trim()}`);
  const [result] = JSON.parse(stdout) as CliLintFile[];
  if (!result) throw new Error(`sdlab lint ${file} --format json printed no file: ${stdout.slice(0, 200)}`);
  return result;
}
