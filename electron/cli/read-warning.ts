// What the commands do when a capture file is damaged: everything before the damage has been
// printed; the reader's warning (which packet, which byte offset) goes to stderr and the exit code
// is EXIT_DAMAGED_FILE, so scripts can tell a partial read from a clean one.

import type { CaptureFileReader } from '../files/capture-file-reader.js';
import { say } from '../text/catalog.js';
import { CLI_TEXT } from './cli-text.js';

/** Exit code when a file was read only up to damage (truncated or corrupt). */
export const EXIT_DAMAGED_FILE = 3;

export function reportReadWarning(reader: CaptureFileReader): number {
  if (!reader.warning) return 0;
  process.stderr.write(`layerscope: ${say(CLI_TEXT.warning, { message: reader.warning.message })}\n`);
  return EXIT_DAMAGED_FILE;
}
