// What saving a figure says, from the catalog (translations follow).

import { defineMessages } from '../../../electron/text/catalog.js';

export const FIGURE_TEXT = defineMessages('ui.figure', {
  save: 'Save figure…',
  save_title: 'Save this figure for coursework: SVG or PNG (print resolution), with the packet and capture in its caption',
  as: 'As {format}',
  as_light: 'As {format}, light for print',
  diagram_caption: 'Packet {number} of {capture}: {layer}, header diagram',
  stack_caption: 'Packet {number} of {capture}: its layers in the OSI and TCP/IP models',
});
