#!/usr/bin/env node
// `npx layerscope`: runs the bundled command line (built by `npm run build` into dist/cli/).
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const bundle = path.join(__dirname, '..', 'dist', 'cli', 'layerscope.cjs');
if (!fs.existsSync(bundle)) {
  process.stderr.write('layerscope: the command line is not built yet; run `npm run build` in ' + path.join(__dirname, '..') + ' first\n');
  process.exit(1);
}
require(bundle);
