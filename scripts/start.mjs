// Runs in Node: `npm start`. Builds and packages the extension, then opens a real VS Code on
// examples/ with it: the desktop `code` when it is on the PATH (extension development mode),
// otherwise code-server serving 127.0.0.1 with the .vsix installed, until Ctrl+C.
//
//   npm start                      desktop VS Code if `code` is on PATH, else code-server
//   npm start -- --code-server     always code-server
//   npm start -- --port 8080       code-server on that port (default: a free one)
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import {
  cacheDir,
  ensureCodeServer,
  installVsix,
  log,
  makeProfile,
  packageExtension,
  repoRoot,
  SetupError,
  since,
  startCodeServer,
} from './lib/codeServer.mjs';

const argv = process.argv.slice(2);
const forceCodeServer = argv.includes('--code-server') || process.env.SDLAB_START === 'code-server';
const portArg = argv.indexOf('--port');
const port = portArg >= 0 ? Number(argv[portArg + 1]) : process.env.PORT ? Number(process.env.PORT) : undefined;
if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
  console.error(`npm start: --port wants a port number, got '${argv[portArg + 1] ?? process.env.PORT}'`);
  process.exit(2);
}
const workspace = join(repoRoot, 'examples');

/**
 * The desktop `code` on PATH, if any. The `code` that VS Code puts in its own integrated
 * terminals for remote windows (code-server's remote-cli) cannot start a development host.
 */
function desktopCode() {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'code');
    if (!dir || !existsSync(candidate)) continue;
    const real = realpathSync(candidate);
    if (/remote-cli|code-server/.test(real)) continue;
    return candidate;
  }
  return undefined;
}

async function main() {
  const t0 = performance.now();
  const vsix = packageExtension();

  const code = forceCodeServer ? undefined : desktopCode();
  if (code) {
    // The development host runs dist/ from this folder: rebuild it with source maps for debugging.
    const r0 = spawnSync(process.execPath, [join(repoRoot, 'esbuild.mjs')], { cwd: repoRoot, stdio: 'inherit' });
    if (r0.status !== 0) throw new SetupError('the development build failed');
    log(`opening VS Code (${code}) on examples/ with the extension in development mode`);
    const r = spawnSync(code, [`--extensionDevelopmentPath=${repoRoot}`, workspace], { stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }

  const tc = await ensureCodeServer();
  const profile = makeProfile(join(cacheDir(), 'start'));
  installVsix(tc, profile, vsix);
  const logFile = join(profile.dir, 'code-server.log');
  const server = await startCodeServer(tc, profile, { workspace, port, logFile });

  const url = server.url;
  const line = '─'.repeat(Math.max(url.length + 4, 44));
  console.log(`\n${line}\n  System Design Lab is running in VS Code (code-server):\n\n    ${url}\n\n  Open it in a browser. Ctrl+C stops it.\n  Log: ${logFile}\n${line}\n`);
  log(`ready in ${since(t0)}`);

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping code-server`);
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => void stop('SIGHUP'));
  const exit = await server.exited;
  if (!stopping) {
    console.error(`code-server exited on its own (${exit.code ?? exit.signal}); see ${logFile}`);
    process.exit(1);
  }
}

main().catch((err) => {
  if (err instanceof SetupError) console.error(`\nnpm start: ${err.message}`);
  else console.error(err);
  process.exit(1);
});
