// What the report says, from the catalog (translations follow).

import { defineMessages } from '../text/catalog.js';

export const REPORT_TEXT = defineMessages('report', {
  capture: 'Capture',
  student: 'Student',
  course: 'Course',
  packets_in_capture: 'Packets in the capture',
  packets_in_report: 'Packets in this report',
  time_span: 'Time from first to last packet',
  seconds: '{seconds} s',
  view: 'Layer stack read as',
  view_sender: 'the sender builds it (top down)',
  view_receiver: 'the receiver unwraps it (bottom up)',
  made: 'Made',
  contents: 'Contents',
  summary: 'Packet {number} · {time} s · {source} → {destination} · {protocol} · {length} bytes · {info}',
  comments: 'Comments',
  stack_caption: 'Packet {number}: its layers in the OSI model, each as wide as its bytes',
  narrative_sender: 'What each layer did (the sender builds the packet top down)',
  narrative_receiver: 'What each layer did (the receiver unwraps it bottom up)',
  fields: 'Fields, layer by layer, with what each is for',
  diagram_caption: 'Packet {number}: header diagram of {layer}',
  bytes: 'Bytes, coloured by the layer that owns them',
  default_title: 'Packet analysis: {capture}',
});
