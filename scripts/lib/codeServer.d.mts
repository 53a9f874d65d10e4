// Types of codeServer.mjs for the TypeScript that imports it (test/vscode/runner.ts).
import type { ChildProcess } from 'node:child_process';

export const repoRoot: string;
export function cacheDir(): string;
export function log(message: string): void;
export class SetupError extends Error {}
export function since(t0: number): string;
export function ensureDebianPackages(packages: string[]): Promise<void>;
export function cleanEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
export function toolchainKey(): string;

export interface Toolchain {
  dir: string;
  nodeDir: string;
  node: string;
  entry: string;
}
export function ensureCodeServer(): Promise<Toolchain>;

export interface Profile {
  dir: string;
  home: string;
  userDataDir: string;
  extensionsDir: string;
  env: Record<string, string>;
}
export function makeProfile(dir: string, settings?: Record<string, unknown>): Profile;
export function codeServerCli(tc: Toolchain, profile: Profile, args: string[]): string;
export function installVsix(tc: Toolchain, profile: Profile, vsix: string): void;

export interface Manifest {
  name: string;
  displayName: string;
  publisher: string;
  version: string;
  main?: string;
  contributes?: Record<string, unknown>;
}
export function readManifest(): Manifest;
export function extensionId(manifest?: Manifest): string;
export function packageExtension(): string;
export function freePort(): Promise<number>;

export interface Server {
  url: string;
  port: number;
  child: ChildProcess;
  logFile: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}
export function startCodeServer(
  tc: Toolchain,
  profile: Profile,
  options: { workspace: string; port?: number; logFile: string; extraArgs?: string[]; timeoutMs?: number },
): Promise<Server>;
export function tail(file: string, lines?: number): string;
