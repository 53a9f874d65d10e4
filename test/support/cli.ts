// Runs in Node (vitest and the end-to-end runner). `sdlab` run in-process through runCli with an
// in-memory CliIO: what a user would see on stdout and stderr, and the exit code.
import { readFileSync } from 'node:fs';
import type { CliIO } from '../../src/cli/io';
import { runCli } from '../../src/cli/main';

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

export interface SdlabOptions {
  /** The directory relative paths are read from. */
  cwd: string;
  /**
   * Whether the command may read files through its CliIO (default yes). A command that should
   * read nothing (estimate) fails the test loudly if it tries.
   */
  reads?: boolean;
}

/**
 * Runs `sdlab <argv>`. Writing through CliIO always throws: the commands under test write their
 * output to stdout, and `simulate --history` writes its file itself, streaming.
 */
export async function sdlab(argv: readonly string[], { cwd, reads = true }: SdlabOptions): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readFile: reads
      ? (p) => readFileSync(p, 'utf8')
      : () => {
          throw new Error(`sdlab ${argv[0]} should read no files`);
        },
    writeFile: () => {
      throw new Error(`sdlab ${argv[0]} should write no files through CliIO`);
    },
    cwd,
    isTTY: false,
  };
  const code = await runCli([...argv], io);
  return { code, stdout, stderr };
}
