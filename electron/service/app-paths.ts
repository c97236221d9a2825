// Where Layerscope's own files are, whether it runs from the repository (tsx, tests, the built
// CLI) or packaged by electron-builder (resources beside the app in process.resourcesPath).

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The directory of this module, in an ES module (tsx) and in a CommonJS bundle (esbuild) alike. */
function moduleDirectory(): string {
  // ESM first: `node -e` defines a global __dirname of "." that is not this module's.
  const url = import.meta.url as string | undefined;
  if (url) return dirname(fileURLToPath(url));
  return __dirname;
}

/** The folder holding Layerscope's package.json, found by walking up from this module. */
export function findAppRoot(start = moduleDirectory()): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if (JSON.parse(readFileSync(manifest, 'utf8')).name === 'layerscope') return dir;
      } catch {
        // Not ours (or unreadable): keep walking up.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The path of a bundled resource (e.g. "sample.pcapng"): LAYERSCOPE_RESOURCES if set, then the
 * packaged app's resources folder, then resources/ in the app root. Undefined when none has it.
 */
export function resourcePath(name: string): string | undefined {
  const candidates: string[] = [];
  if (process.env.LAYERSCOPE_RESOURCES) candidates.push(join(process.env.LAYERSCOPE_RESOURCES, name));
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  if (packaged) candidates.push(join(packaged, name), join(packaged, 'resources', name));
  const root = findAppRoot();
  if (root) candidates.push(join(root, 'resources', name));
  candidates.push(join(process.cwd(), 'resources', name));
  return candidates.find((p) => existsSync(p));
}

/** dist/renderer/, the built UI, or undefined when it has not been built. */
export function rendererDirectory(): string | undefined {
  const root = findAppRoot();
  const candidates = [root && join(root, 'dist', 'renderer'), join(process.cwd(), 'dist', 'renderer')];
  return candidates.find((p): p is string => !!p && existsSync(join(p, 'index.html')));
}
