// What a native dialog's answer lets the page name: that path, for that access only, spelled any
// way that means the same path; a bounded number of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_GRANTS, PathGrants, PathNotGrantedError } from '../../electron/service/path-grants.js';

test('a granted path is granted for its access only, however it is spelled', () => {
  const grants = new PathGrants();
  grants.grant('/home/student/captures/http.pcapng', 'read');
  assert.equal(grants.isGranted('/home/student/captures/http.pcapng', 'read'), true);
  assert.equal(grants.isGranted('/home/student/captures/../captures/./http.pcapng', 'read'), true);
  assert.equal(grants.isGranted('/home/student/captures/http.pcapng', 'write'), false);
  assert.equal(grants.isGranted('/home/student/captures/other.pcapng', 'read'), false);
  assert.equal(grants.isGranted('/home/student/captures', 'read'), false, 'not the folder it is in');
});

test('a path nobody granted is refused with a PathNotGrantedError that says what to do', () => {
  const grants = new PathGrants();
  assert.throws(() => grants.require('file.open', '/etc/passwd', 'read', true), (err: unknown) => {
    assert.ok(err instanceof PathNotGrantedError);
    assert.equal(err.code, 'ELAYERSCOPE_PATH_NOT_GRANTED');
    assert.match(err.message, /^file\.open: .*"\/etc\/passwd".*Use Open… to pick it/);
    return true;
  });
  assert.throws(() => grants.require('capture.save', '/tmp/x.pcap', 'write', false), /in the browser .*Use Save to download/);
  grants.grant('/tmp/x.pcap', 'write');
  grants.require('capture.save', '/tmp/x.pcap', 'write', false);
});

test(`only the latest ${MAX_GRANTS} grants of each access are kept`, () => {
  const grants = new PathGrants();
  for (let i = 0; i <= MAX_GRANTS; i++) grants.grant(`/captures/${i}.pcapng`, 'read');
  assert.equal(grants.isGranted('/captures/0.pcapng', 'read'), false, 'the oldest is forgotten');
  assert.equal(grants.isGranted('/captures/1.pcapng', 'read'), true);
  assert.equal(grants.isGranted(`/captures/${MAX_GRANTS}.pcapng`, 'read'), true);
  // Choosing a path again makes it the newest.
  grants.grant('/captures/1.pcapng', 'read');
  grants.grant('/captures/new.pcapng', 'read');
  assert.equal(grants.isGranted('/captures/1.pcapng', 'read'), true);
  assert.equal(grants.isGranted('/captures/2.pcapng', 'read'), false);
});
