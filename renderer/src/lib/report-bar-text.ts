// What the report bar says, from the catalog (translations follow).

import { defineMessages } from '../../../electron/text/catalog.js';

export const REPORT_BAR = defineMessages('ui.report_bar', {
  title: 'Report',
  open: 'Report…',
  open_title: 'A report to hand in: the chosen packets with their layer stack, narrative, explained fields, diagram and bytes (HTML; print it to PDF)',
  selected: 'Selected packet ({number})',
  displayed: 'Displayed ({count})',
  marked: 'Marked ({count})',
  range: 'Range:',
  view: 'Narrative',
  view_receiver: 'receiver (bottom up)',
  view_sender: 'sender (top down)',
  heading: 'Title',
  student: 'Student',
  course: 'Course',
  make: 'Make report',
  close: 'Close the report bar',
  conversation: 'Include {protocol} conversation {stream}',
  conversation_title: "The conversation in the ladder: its ladder diagram and statistics (packets, bytes and bits/s each way, iRTT, analysis marks, each side's final state) before the packets",
});
