// Problems the engine itself reports, whatever the protocol: bytes the capture did not keep,
// lengths past the frame's end, a decoder that failed, too many stacked headers; and the one field
// the engine adds itself, holding what there is of a header that was cut.

import { defineFields } from './field-spec.js';
import { defineProblems } from './problem-spec.js';
import { defineMessages } from '../text/catalog.js';

export const PACKET_PROBLEMS = defineProblems('packet', {
  cut_by_snaplen: ['warning', "{field} ({length, plural, =0 {} one {# byte } other {# bytes }}at offset {offset}) was cut off by the capture's snap length (only {captured} of {reported} bytes were captured)"],
  past_end: ['error', '{field} ({length, plural, =0 {} one {# byte } other {# bytes }}at offset {offset}) lies past the end of the frame ({reported} bytes): the packet is malformed'],
  frame_cut: ['warning', "Only {captured} of the frame's {reported} bytes were captured (snap length); decoding stops where the bytes run out"],
  decoder_failed: ['error', 'The {protocol} decoder failed at offset {offset}: {reason}'],
  too_many_headers: ['warning', 'More than {max} headers are stacked in this packet; from offset {offset} on it is shown as data, not decoded'],
});

/** Info column texts the engine writes itself. */
export const PACKET_INFO = defineMessages('packet.info', {
  unsupported_link: 'Link type {linkType} is not supported; the frame is shown as raw data',
});

export const PACKET_FIELDS = defineFields('packet', {
  header_rest: {
    label: 'Rest of the header (cut)',
    type: 'bytes',
    description: 'The bytes of a header that are there when the header goes on past them (cut by the snap length, or past the end of the frame): they belong to this header, but its next field cannot be read whole.',
  },
});
