// The protocol modules' targets against tshark, over every fixture capture and the bundled sample:
// of the visible fields tshark shows for the protocols Layerscope decodes, at least 99% appear
// with the same name, byte range and value text, and at least 95% with the same tree line
// (PDML showname).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareWithTshark, type OracleReport } from './pdml-oracle.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/packets/', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url));

/**
 * tshark's conversation analysis that Layerscope does not compute yet (bytes in flight and since
 * the last PSH, the RTO of a retransmission, stream timing, completeness, the payload and
 * reassembly summaries that go with it): counted apart, not hidden. The SEQ/ACK analysis itself
 * (flags, the frame ACKed, RTTs) is compared. (Layerscope shows a segment's payload as the next layer.)
 */
const CONVERSATION_ANALYSIS = /^(tcp\.(analysis\.(bytes_in_flight|push_bytes_sent|rto|rto_frame)$|time_|completeness|payload|segment|reassembled)|udp\.(time_|payload))/;

function captures(): string[] {
  return [...readdirSync(FIXTURES).filter((f) => f.endsWith('.pcap')).sort().map((f) => join(FIXTURES, f)), SAMPLE];
}

test('our fields cover tshark\'s (>= 99% by name, range and value) with Wireshark\'s tree lines (>= 95%)', async () => {
  let tsharkFields = 0;
  let missing = 0;
  let analysis = 0;
  let matched = 0;
  let shownameWrong = 0;
  const examples: string[] = [];
  for (const path of captures()) {
    const r: OracleReport = await compareWithTshark(path);
    const lacking = r.tsharkOnly.filter((f) => !CONVERSATION_ANALYSIS.test(f.name));
    analysis += r.tsharkOnly.length - lacking.length;
    tsharkFields += r.tsharkFields;
    missing += lacking.length;
    matched += r.matched;
    shownameWrong += r.shownameMismatches.length;
    for (const f of lacking.slice(0, 2)) examples.push(`${path.split('/').pop()} #${f.packet} lacks ${f.name} "${f.showname}"`);
    for (const m of r.shownameMismatches.slice(0, 2)) examples.push(`${path.split('/').pop()} #${m.packet} ${m.name}: ours "${m.ours}", tshark "${m.tshark}"`);
  }
  const covered = (tsharkFields - analysis - missing) / (tsharkFields - analysis);
  const shownames = (matched - shownameWrong) / matched;
  const summary = `fields covered ${(covered * 100).toFixed(2)}% of ${tsharkFields - analysis} (+${analysis} conversation-analysis fields left to that issue); shownames equal ${(shownames * 100).toFixed(2)}% of ${matched}\n${examples.slice(0, 40).join('\n')}`;
  console.log(summary.split('\n')[0]);
  assert.ok(covered >= 0.99, summary);
  assert.ok(shownames >= 0.95, summary);
});
