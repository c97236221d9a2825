// A capture file indexed as the app indexes it when opened (its packet list and its TCP and UDP
// conversations), for commands that then decode some packets again as the app's panes do.

import { basename } from 'node:path';
import { openCaptureFile } from '../files/open-capture-file.js';
import { CaptureSession } from '../service/capture-session.js';

/** The file indexed to its end; close the session when done. */
export function indexCaptureFile(path: string): CaptureSession {
  const reader = openCaptureFile(path);
  const session = new CaptureSession('file', basename(path), path, { saved: true });
  try {
    for (let record = reader.next(); record; record = reader.next()) session.ingest(record, reader.interfaces);
  } catch (err) {
    session.close();
    throw err;
  } finally {
    reader.close();
  }
  return session;
}
