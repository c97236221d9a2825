// The capture launcher: the small program at a fixed path that pkexec runs as root to start the
// capture helper. pkexec finds a polkit action by the path of the program it runs, so only a fixed
// program can make the password prompt name Layerscope ("Authentication is needed for Layerscope to
// capture network packets") rather than node or env. Its source is resources/polkit/
// capture-helper-launcher; the deb package installs it (electron-builder.yml), and a source checkout
// installs its own copy with `npm run install-polkit-action` (scripts/install-polkit-action.ts).

import { constants, accessSync, lstatSync } from 'node:fs';

/** Where the launcher is installed: the polkit action's org.freedesktop.policykit.exec.path. */
export const CAPTURE_LAUNCHER_PATH = '/usr/libexec/layerscope/capture-helper-launcher';
export const POLKIT_ACTION_ID = 'org.layerscope.capture';
/** Where polkit reads actions from, and the name of Layerscope's. */
export const POLKIT_POLICY_PATH = `/usr/share/polkit-1/actions/${POLKIT_ACTION_ID}.policy`;

/**
 * The launcher, when one is installed that only root can change: a launcher others could rewrite
 * would run their code as root, so it is then not used (pkexec runs the helper directly instead).
 */
export function installedLauncher(path = CAPTURE_LAUNCHER_PATH): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const stats = lstatSync(path);
    if (!stats.isFile() || stats.uid !== 0 || (stats.mode & 0o022) !== 0) return undefined;
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return undefined;
  }
}

/** Paths go into the script in single quotes; these are the characters that would break out. */
const UNQUOTABLE = /['\n\r\0]/;

/**
 * The launcher script `template` (resources/polkit/capture-helper-launcher) set to start `helper`
 * with `runtime` (a Node.js or Electron binary), instead of the packaged app's.
 */
export function launcherScript(template: string, runtime: string, helper: string): string {
  for (const path of [runtime, helper]) {
    if (!path.startsWith('/') || UNQUOTABLE.test(path)) throw new Error(`The launcher cannot start ${JSON.stringify(path)}: it needs an absolute path without quotes or line breaks`);
  }
  const set = (text: string, name: string, value: string): string => {
    const line = new RegExp(`^${name}='[^']*'$`, 'm');
    if (!line.test(text)) throw new Error(`The launcher template has no ${name}='…' line`);
    return text.replace(line, `${name}='${value}'`);
  };
  return set(set(template, 'RUNTIME', runtime), 'HELPER', helper);
}

/** The RUNTIME and HELPER a launcher script starts. */
export function launcherTargets(script: string): { runtime?: string; helper?: string } {
  return {
    runtime: /^RUNTIME='([^']*)'$/m.exec(script)?.[1],
    helper: /^HELPER='([^']*)'$/m.exec(script)?.[1],
  };
}
