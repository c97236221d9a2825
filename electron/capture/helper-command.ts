// How to start the capture helper as its own process, in each way Layerscope runs:
//  1. LAYERSCOPE_CAPTURE_HELPER=/path/to/capture-helper.cjs overrides everything (packagers, tests).
//  2. Packaged Electron: the Electron binary itself with ELECTRON_RUN_AS_NODE=1 runs the bundled
//     dist/capture/capture-helper.cjs (the `cap` addon must then be built for Electron's ABI and
//     unpacked from the asar).
//  3. Built but run by Node (the CLI from dist/): node dist/capture/capture-helper.cjs.
//  4. From source (development, tests): node --import <tsx loader> electron/capture/capture-helper.ts.
// The helper is always started with an absolute path and no reliance on the working directory,
// because pkexec and setpriv may change it. Elevated, pkexec runs the installed launcher when there
// is one (capture-launcher.ts), which starts the installed helper.

import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import type { HelperRequest } from './helper-messages.js';
import { installedLauncher } from './capture-launcher.js';

export interface HelperCommand {
  command: string;
  args: string[];
  /** Variables the helper needs on top of the parent's environment. */
  env: Record<string, string>;
  /** The binary that really runs the helper: the one capabilities would have to be granted to. */
  runtime: string;
}

function thisFile(): string {
  // Source runs as ESM (import.meta.url); esbuild's CJS bundle has only __filename. ESM first:
  // under `node -e` a global __filename of "[eval]" exists that is not this module's.
  const url = import.meta.url as string | undefined;
  if (url) return fileURLToPath(url);
  return __filename;
}

function bundledHelper(): string | undefined {
  const here = dirname(thisFile());
  // dist/electron/main.cjs, dist/cli/*.cjs or dist/capture/*.cjs all sit one level below dist/.
  for (const candidate of [join(here, 'capture-helper.cjs'), resolve(here, '..', 'capture', 'capture-helper.cjs')]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function sourceHelper(): string | undefined {
  const here = dirname(thisFile());
  for (const candidate of [join(here, 'capture-helper.ts'), resolve(here, '..', '..', 'electron', 'capture', 'capture-helper.ts')]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function tsxLoader(fromDir: string): string {
  const require = createRequire(join(fromDir, 'noop.js'));
  const packageJson = require.resolve('tsx/package.json');
  return pathToFileURL(join(dirname(packageJson), 'dist', 'loader.mjs')).href;
}

export function helperCommand(): HelperCommand {
  const runtime = realpathSync(process.execPath);
  const electron = Boolean(process.versions.electron) && !process.env.ELECTRON_RUN_AS_NODE;
  const env: Record<string, string> = electron ? { ELECTRON_RUN_AS_NODE: '1' } : {};
  const override = process.env.LAYERSCOPE_CAPTURE_HELPER;
  if (override) return { command: runtime, args: [override], env, runtime };
  const bundled = bundledHelper();
  if (bundled) return { command: runtime, args: [bundled], env, runtime };
  const source = sourceHelper();
  if (!source) throw new Error('The capture helper is missing: neither capture-helper.cjs nor capture-helper.ts was found');
  return { command: runtime, args: ['--import', tsxLoader(dirname(source)), source], env, runtime };
}

/**
 * The helper run as root through pkexec. With the launcher installed (capture-launcher.ts) pkexec
 * runs it, and the password prompt names Layerscope; otherwise pkexec runs the runtime itself (the
 * prompt then names node or env) and, as pkexec drops the environment, passes it with env(1).
 */
export function elevatedHelperCommand(pkexec: string, launcher = installedLauncher()): HelperCommand {
  const plain = helperCommand();
  if (launcher) return { command: pkexec, args: [launcher], env: {}, runtime: plain.runtime };
  const envArgs = Object.entries(plain.env).map(([k, v]) => `${k}=${v}`);
  return {
    command: pkexec,
    args: envArgs.length ? ['/usr/bin/env', ...envArgs, plain.command, ...plain.args] : [plain.command, ...plain.args],
    env: {},
    runtime: plain.runtime,
  };
}

/** What to spawn to run `command` on `request`, through `wrapper` (e.g. setpriv) when given. */
export function helperInvocation(
  command: HelperCommand,
  request: HelperRequest,
  wrapper: readonly string[] = [],
): { file: string; args: string[]; env: NodeJS.ProcessEnv } {
  const [file, ...args] = [...wrapper, command.command, ...command.args, JSON.stringify(request)];
  return { file, args, env: { ...process.env, ...command.env } };
}
