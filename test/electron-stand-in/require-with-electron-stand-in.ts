// Loads a built CommonJS bundle (dist/electron/main.cjs, preload.cjs) afresh with `require('electron')`
// answered by a stand-in: a module-load hook in place only while the bundle's top level runs, which
// is where both bundles require electron.

import Module, { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;

export function requireWithElectronStandIn(bundlePath: string, electron: object): unknown {
  const loader = Module as unknown as { _load: Load };
  const originalLoad = loader._load;
  loader._load = function (this: unknown, request, parent, isMain) {
    if (request === 'electron') return electron;
    return originalLoad.call(this, request, parent, isMain);
  };
  try {
    // A fresh evaluation each time: every test launch is a new app.
    delete require.cache[require.resolve(bundlePath)];
    return require(bundlePath);
  } finally {
    loader._load = originalLoad;
  }
}
