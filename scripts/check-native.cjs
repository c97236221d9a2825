// Runs after `npm install`: live capture needs cap's native addon, which npm builds from source
// against libpcap. If it did not build, say so loudly instead of failing later at capture time.
try {
  require('cap');
} catch (err) {
  console.error('\nLayerscope: the packet-capture addon (cap) did not build or load:');
  console.error('  ' + String(err && err.message).split('\n')[0]);
  console.error('It needs libpcap headers and a C++ toolchain. On Debian/Ubuntu:');
  console.error('  sudo apt-get install -y libpcap-dev build-essential python3 && npm rebuild cap');
  console.error('On macOS: xcode-select --install && npm rebuild cap\n');
  process.exit(1);
}
