// What the colouring choices say, from the catalog (translations follow).

import { defineMessages } from '../../../electron/text/catalog.js';

export const COLOURING_TEXT = defineMessages('ui.colouring', {
  by_layer: 'Colour rows by layer',
  by_rules: 'Colour rows by colouring rules (Wireshark’s)',
  forget: 'Forget my {count, plural, one {colouring rule} other {# colouring rules}}',
  colourise: 'Colour the packets this filter matches',
  colour_button: 'Colour…',
  rule_title: 'Colouring rule: {rule}',
});
