// DHCP checked against tshark field by field (name, offset, length, show and the tree's line) on
// captures crafted with scapy: a whole DORA exchange with many options, Inform, Release, Nak,
// Decline, a relayed request, clients that are not on Ethernet, and malformed messages; and the
// packet list's protocol and info columns as tshark writes them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareWithTshark, dissectFile, formatReport, tsharkColumns, type OracleReport } from './pdml-oracle.js';

const run = promisify(execFile);
const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const PYTHON = '/usr/bin/python3';
const DHCP = { protocols: ['dhcp'] };

let craftedDir = join(fixtures, 'packets');
let tempDir: string | undefined;

test.before(async () => {
  // Re-craft the captures so the script stays in step with the tests; the committed copies serve
  // where scapy is not installed.
  if (!existsSync(PYTHON)) return;
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-dhcp-'));
  try {
    await run(PYTHON, [join(fixtures, 'craft_dhcp_packets.py'), dir]);
    craftedDir = dir;
    tempDir = dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.after(() => {
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

/** Every field both show agrees, with the same line, and we show every field tshark shows. */
function assertAgrees(report: OracleReport): void {
  assert.equal(report.packetCountDiffers, undefined, formatReport(report));
  assert.deepEqual(report.mismatches, [], formatReport(report));
  assert.deepEqual(report.shownameMismatches, []);
  assert.deepEqual(report.tsharkOnly, []);
  assert.equal(report.matched, report.tsharkFields);
}

/** Our fields tshark has no field for, as "packet name" strings. */
function oursOnly(report: OracleReport): string[] {
  return report.oursOnly.map((o) => `${o.packet} ${o.name}`);
}

test('a DORA exchange, Inform, Release, Nak, Decline and a relayed request match tshark field by field', async () => {
  const file = join(craftedDir, 'dhcp.pcap');
  const report = await compareWithTshark(file, DHCP);
  assertAgrees(report);
  assert.ok(report.matched >= 700, `only ${report.matched} fields compared`);
  // tshark writes "Client address not given" as a line without a field name.
  assert.deepEqual(oursOnly(report), ['10 dhcp.hw.addr_not_given']);
  const types = dissectFile(file).map((p) => p.layers.find((l) => l.protocol === 'dhcp')?.title);
  assert.deepEqual(types, ['Discover', 'Offer', 'Request', 'ACK', 'Inform', 'Release', 'Request', 'NAK', 'Decline', 'Discover', 'Inform'].map((t) => `Dynamic Host Configuration Protocol (${t})`));
});

test('malformed messages match tshark as far as tshark decodes them', async () => {
  const report = await compareWithTshark(join(craftedDir, 'dhcp-malformed.pcap'), DHCP);
  assertAgrees(report);
  assert.ok(report.matched >= 150, `only ${report.matched} fields compared`);
  // Where tshark stops at the missing bytes, we keep the bytes that are there visible.
  assert.deepEqual(oursOnly(report), ['1 dhcp.option.incomplete', '2 dhcp.option.incomplete', '8 dhcp.header_rest']);
});

test('each malformed message has its problem, by code', () => {
  const codes = dissectFile(join(craftedDir, 'dhcp-malformed.pcap')).map((p) => p.layers.find((l) => l.protocol === 'dhcp')!.problems.map((x) => x.code));
  assert.deepEqual(codes, [
    ['dhcp.option_truncated'],
    ['dhcp.option_past_end'],
    ['dhcp.end_missing'],
    ['dhcp.bad_cookie'],
    ['dhcp.bad_length', 'dhcp.bad_list_length'],
    ['dhcp.bad_length'],
    [],
    ['dhcp.header_short'],
  ]);
});

test('the packet list (protocol and info) reads like tshark -r', async () => {
  for (const name of ['dhcp.pcap', 'dhcp-malformed.pcap']) {
    const file = join(craftedDir, name);
    const theirs = (await tsharkColumns(file)).map((c) => [c.protocol, c.info]);
    const ours = dissectFile(file).map((p) => [p.summary.protocol, p.summary.info]);
    assert.deepEqual(ours, theirs, name);
  }
});
