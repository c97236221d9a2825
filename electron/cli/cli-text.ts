// What the `layerscope` command says to the person running it: its usage texts, the mistakes in
// how it was called (the UsageError messages) and the summaries it writes on stderr. Commands,
// option names, file-name patterns, filter syntax and tshark's names stay as they are in every
// language. A module of its own (not layerscope-cli.ts, which runs the command when loaded), so
// that tests can load every catalog.

import { defineMessages } from '../text/catalog.js';

export const CLI_TEXT = defineMessages('cli', {
  usage: `Layerscope: see every layer of every packet.

Usage:
  layerscope list FILE [-Y FILTER] [--threads N]
                                             one summary line per packet, like tshark -r FILE;
                                             -Y: only packets the display filter matches
                                             ("tcp.port == 80 && http", Wireshark's language);
                                             --threads N: decode with N threads (by default up
                                             to 4 for a file over 32 MB, one for a smaller one)
  layerscope dissect FILE [--format tree|text|csv|json] [--packet N | --packets LIST] [-Y FILTER]
                  [--explain]                every packet's layers and fields with their bytes;
                                             text, csv, json: Export Packet Dissections formats
                                             (--json is --format json); --packet N: only packet N;
                                             --packets 1-10,15,20-: those packets; --explain: each
                                             field's explanation (always, in a language other
                                             than English)
  layerscope export FILE [-Y FILTER] [--packets LIST] -w OUT.pcapng|OUT.pcap
                                             Export Specified Packets, comments kept
  layerscope report FILE [-Y FILTER] [--packets LIST] [--view sender|receiver] [--diagram PROTO]
                  [--stream N [--proto tcp|udp]] [--title T] [--student NAME] [--course NAME]
                  -o OUT.html|OUT.pdf
                                             a coursework report of the chosen packets: layer
                                             stack, narrative, fields explained, diagram, bytes
                                             --stream N: that conversation's ladder diagram and
                                             statistics too (its packets, without -Y or --packets)
  layerscope conversations FILE [--type eth|ip|ipv6|tcp|udp] [-Y FILTER]
                                             the conversations: frames and bytes each way, start,
                                             duration, as tshark -z conv,TYPE prints them
  layerscope endpoints FILE [--type eth|ip|ipv6|tcp|udp] [-Y FILTER]
                                             the endpoints: packets and bytes each sent and
                                             received, as tshark -z endpoints,TYPE prints them
  layerscope follow FILE --stream N [--proto tcp|udp|http] [--format ascii|hex|raw]
                                             Follow Stream: one conversation's data each way,
                                             in order, as tshark -z follow,PROTO,FORMAT,N
  layerscope comment FILE --packet N --text "…" -w OUT.pcapng
                                             the capture with a comment added to packet N
  layerscope capture -i IFACE [-f FILTER] [-c COUNT] [-a duration:SEC] -w FILE
                                             capture live traffic into a pcapng file
  layerscope lab SCENARIO [-w FILE] [--port N]
                                             the Socket Lab: perform a scenario's socket calls
                                             (tcp, reuse, refused, reset, udp, timeout) and show
                                             each call's packets and the kernel's sockets
  layerscope serve [FILE] [--port N]         open Layerscope in your browser (127.0.0.1 only)
  layerscope help                            this text

FILE is a pcap or pcapng capture.
Every command takes --lang en|pl|sv|ru (English, Polish, Swedish, Russian): the language of the
trees, layer names, explanations, narrative, problems and messages. Without it, LC_ALL, then
LC_MESSAGES, then LANG choose (pl_PL.UTF-8 is Polish; C, POSIX and other languages are English).
Field labels keep Wireshark's English beside the translation; filter names never change.
Exit codes: 0 done; 1 a file cannot be read or written; 2 wrong usage; 3 the file is damaged
(what could be read was printed, and a warning on stderr says where reading stopped).
`,
  unknown_command: "unknown command '{command}'",
  run_help: "Run 'layerscope help' for usage.",
  internal_error: 'internal error: {message}',
  warning: 'warning: {message}',
  lang_needs_value: '--lang needs a value: en, pl, sv or ru',
  lang_unknown: "--lang must be one of {languages}, not '{value}'",
  needs_value: '{option} needs a value',
  takes_no_value: '{option} takes no value',
  unknown_option: 'unknown option {option}',
  whole_number: "{option} must be a whole number of at least {min}, not '{value}'",
  threads_with_filter: 'list -Y decodes with one thread: --threads above 1 cannot go with a display filter',
  threads_too_many: "--threads must be at most {most}, not '{value}'",
  needs_file: '{command} needs a capture file: layerscope {command} FILE',
  one_file: '{command} takes one capture file, got {count}: {files}',
  one_of: "{option} must be one of {allowed}, not '{value}'",
  needs_output: '{command} needs an output file: -w OUT.pcapng (or OUT.pcap)',
  w_needs_name: '-w needs a file name',
  nothing_to_export: 'no packet matches the display filter "{filter}": nothing to export',
  nothing_to_export_among: 'no packet matches the display filter "{filter}" among packets {packets}: nothing to export',
  exported: '{written} of {total, plural, one {# packet} other {# packets}} written to {file}',
  pcap_no_comments: 'classic pcap cannot hold comments: write OUT.pcapng',
  text_after_packet: '--text comes after the --packet it comments',
  comment_too_long: 'a comment may have at most {max} characters, not {length}',
  comment_one_file: 'comment takes one capture file',
  comment_needs_file: 'comment needs a capture file: layerscope comment FILE --packet N --text "…" -w OUT.pcapng',
  packet_without_text: '--packet {packet} has no --text after it',
  give_a_comment: 'give at least one --packet N --text "…"',
  commented: '{added, plural, one {# comment added} other {# comments added}}; {written, plural, one {# packet written} other {# packets written}} to {file}',
  json_and_format: '--json and --format {format} contradict each other',
  packet_or_packets: 'give --packet N or --packets LIST, not both',
  no_such_packet: 'there is no packet {number}: {read}',
  only_read: '{count, plural, one {only # packet could be read} other {only # packets could be read}}',
  file_has: '{count, plural, one {the file has # packet} other {the file has # packets}}',
  stream_required: "--stream N is required: the conversation's index (tcp.stream or udp.stream)",
  stream_index: "--stream must be a conversation index (0, 1, …), not '{value}'",
  report_needs_output: 'report needs an output file: -o OUT.html or -o OUT.pdf',
  report_extension: '-o {file}: the report is written as .html or .pdf; name the file so',
  report_view: "--view must be sender or receiver, not '{value}'",
  cannot_write: 'Cannot write {file}: {reason}',
  reported: '{count, plural, one {# packet reported} other {# packets reported}} in {file}',
  capture_usage: `layerscope capture -i IFACE [-f FILTER] [-c COUNT] [-a duration:SEC] [-s SNAPLEN] [-p] -w FILE
  -i IFACE          interface to capture on (lo, eth0, any); 'layerscope capture -D' lists them
  -f FILTER         BPF capture filter, e.g. "tcp port 80"
  -c COUNT          stop after COUNT packets
  -a duration:SEC   stop after SEC seconds
  -s SNAPLEN        keep at most SNAPLEN bytes of each packet
  -p                do not put the interface in promiscuous mode (dumpcap backend only)
  -B MIB            kernel buffer size in MiB (default 4)
  -w FILE           write to FILE: pcapng, or classic pcap if FILE ends in .pcap
  --backend cap|dumpcap   force a backend (default: cap, else dumpcap when cap may not capture)
`,
  duration: "-a takes duration:SECONDS, e.g. -a duration:10, not '{value}'",
  backend: "--backend is cap or dumpcap, not '{value}'",
  unknown_capture_option: "unknown option '{option}'",
  interface_required: "-i IFACE is required ('layerscope capture -D' lists interfaces)",
  file_required: '-w FILE is required: where to write the capture',
  interface_up: 'up',
  interface_down: 'down',
  interface_loopback: 'loopback',
  interface_default: 'default',
  to_allow: 'To allow capturing, run:',
  capturing: "Capturing on '{interface}' to {file} ({backend} backend)",
  capturing_filtered: 'Capturing on \'{interface}\' with filter "{filter}" to {file} ({backend} backend)',
  dropped: '{count} dropped by kernel',
  drops_unknown: "kernel drops unknown: the cap backend cannot read the kernel's drop counter",
  captured: '{count, plural, one {# packet captured} other {# packets captured}} ({drops})',
  lab_usage: `layerscope lab SCENARIO [-w FILE] [--port N]
  SCENARIO   {scenarios}
  -w FILE    write the lab's packets to FILE (pcapng), each with the call that caused it as its comment
  --port N   the server's port (default: a free one)
`,
  one_scenario: 'only one SCENARIO may be given',
  port_at_most: '--port must be at most 65535',
  name_scenario: 'name a scenario: {scenarios}',
  no_scenario: "there is no scenario '{name}'; the scenarios are {scenarios}",
  lab_no_capture: 'the calls run, but their packets cannot be captured: {reason}',
  lab_nothing_captured: 'nothing was captured, so {file} was not written',
  lab_written: '{count, plural, one {# packet written} other {# packets written}} to {file}, each with the call that caused it as its comment',
  serve_usage: 'usage: layerscope serve [FILE] [--port N]',
  serve_port: '--port needs a port number from 0 to 65535',
  serve_one_file: 'only one FILE may be given',
  serve_help: 'Serves Layerscope to your browser on 127.0.0.1; without FILE it opens the bundled sample.',
  serving_file: '{name} ({count, plural, one {{shown}{more} packet} other {{shown}{more} packets}})',
  serving_nothing: 'nothing yet',
  serving: `Layerscope is serving {what} at

  {url}

Open that URL in your browser (it carries the access token). Press Ctrl+C to stop.`,
});
