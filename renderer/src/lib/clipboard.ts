// Puts text on the clipboard from a click: the Clipboard API where the page may use it, else the
// older copy command (the desktop window grants pages no permissions).

import { say } from '../../../electron/text/catalog.js';
import { APP_TEXT } from './app-text.js';

export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Not allowed here: fall back.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  if (!copied) throw new Error(say(APP_TEXT.no_clipboard));
}
