// Loads every module that declares catalog text, so that englishCatalog() holds every id Layerscope
// can say: the Node side's and the renderer's plain .ts modules alike (field tables, problems,
// narrative, the lab, the report, the UI's text modules). A module declares text when it calls
// declareText() or a define…() helper (defineMessages, defineFields, defineProblems…).
// Svelte components cannot be loaded here: their words must live in a .ts module they import.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const DECLARES = /\bdefine[A-Z]\w*\(|\bdeclareText\(/;

/** The source files that declare catalog text, and the Svelte files that wrongly do. */
export function catalogSources(): { modules: string[]; inSvelte: string[] } {
  const all = [...filesUnder(join(REPO, 'electron')), ...filesUnder(join(REPO, 'renderer', 'src'))];
  const declaring = all.filter((p) => /\.(ts|svelte)$/.test(p) && !p.endsWith('.d.ts') && DECLARES.test(readFileSync(p, 'utf8')));
  return {
    modules: declaring.filter((p) => p.endsWith('.ts') && !p.endsWith('.svelte.ts')),
    inSvelte: declaring.filter((p) => p.endsWith('.svelte') || p.endsWith('.svelte.ts')),
  };
}

/** Imports every declaring module (each registers its English texts as it loads). */
export async function loadAllCatalogs(): Promise<void> {
  for (const path of catalogSources().modules) await import(pathToFileURL(path).href);
}
