// What Follow Stream says, from the catalog (translations follow).

import { defineMessages } from '../../../electron/text/catalog.js';

export const FOLLOW_TEXT = defineMessages('ui.follow', {
  button: 'Follow',
  button_title: 'Follow Stream: the data of the selected packet\'s conversation, each way in order (Ctrl+Alt+Shift+T)',
  title: 'Follow {protocol} Stream ({protocol_lower}.stream eq {stream})',
  loading: 'Putting the stream together…',
  none: 'The selected packet belongs to no TCP or UDP conversation.',
  empty: 'This conversation carried no data: only its handshake and acknowledgements.',
  sent: '{node} → {peer}: {bytes, plural, one {# byte} other {# bytes}}',
  truncated: 'The stream is longer than can be shown at once: the first {shown, plural, one {# byte is} other {# bytes are}} shown.',
  explain: 'The application data this conversation carried, as the programs on each end wrote and read it: TCP puts the segments back in order and drops what was sent twice, so this is the byte stream a socket\'s recv() returns. Click a piece to select the packet that carried it.',
  format: 'Show as',
  format_ascii: 'ASCII',
  format_hex: 'Hex dump',
  format_raw: 'Raw',
  only_this: 'Show only this stream',
  save: 'Save as…',
  close: 'Close',
  piece_title: 'Packet {packet}: {bytes, plural, one {# byte} other {# bytes}}',
  layer: 'Follow',
  layer_tcp: 'TCP data',
  layer_http: 'HTTP messages',
  layer_title: 'TCP data: the byte stream as sent; HTTP messages: each request and response, its headers, then its body as the reader gets it (chunks put back together)',
});
