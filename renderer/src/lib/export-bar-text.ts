// What Export Specified Packets says, from the catalog (translations follow).

import { defineMessages } from '../../../electron/text/catalog.js';

export const EXPORT_BAR = defineMessages('ui.export_bar', {
  title: 'Export Specified Packets',
  all: 'All packets ({count})',
  selected: 'Selected ({number})',
  as_text: 'dissections as plain text',
  as_csv: 'dissections as CSV',
  as_json: 'dissections as JSON',
  displayed: 'Displayed ({count})',
  marked: 'Marked ({count})',
  range: 'Range:',
  leave_out_ignored: 'Leave out the ignored ({count})',
  format: 'File format',
  export: 'Export…',
  close: 'Close Export Specified Packets',
  open: 'Export…',
  open_title: 'Export Specified Packets or their dissections: all, selected, displayed, marked or a range; as pcapng or pcap, or as plain text, CSV or JSON',
});
