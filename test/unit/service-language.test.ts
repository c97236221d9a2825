// The service speaks the page's language once told (language.set): the packet it gives next has
// the language's labels (Wireshark's English beside them) and explanations, while filter names,
// values and `show` stay as they are; English again is exactly as before. Only en/pl/sv/ru pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { LayerscopeService } from '../../electron/service/layerscope-service.js';
import type { PacketDetail } from '../../electron/service/contract.js';
import { findField, type Field } from '../../electron/dissect/field-model.js';
import { readTranslation } from '../../electron/text/translation-files.js';

const SAMPLE = fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url));

function field(detail: PacketDetail, name: string): Field {
  const found = detail.packet.layers.map((l) => findField(l.fields, name)).find(Boolean);
  assert.ok(found, name);
  return found;
}

test('language.set: the next packet.get is in the language; English again is byte for byte as before', async () => {
  const service = new LayerscopeService();
  await service.handle('sample.open', {});
  await service.whenLoaded();
  const english = (await service.handle('packet.get', { number: 5 })) as PacketDetail;
  try {
    for (const language of ['pl', 'sv', 'ru'] as const) {
      assert.deepEqual(await service.handle('language.set', { language }), { language });
      const table = readTranslation(language);
      const detail = (await service.handle('packet.get', { number: 5 })) as PacketDetail;
      const port = field(detail, 'tcp.srcport');
      assert.equal(port.showname, `${table.get('field.tcp.srcport.label')}: 40000`);
      assert.equal(port.description, table.get('field.tcp.srcport.description'));
      assert.equal(port.show, '40000');
      assert.equal(port.name, 'tcp.srcport');
      // The TTL keeps Wireshark's English beside the translation.
      assert.match(field(detail, 'ip.ttl').showname, /\(Time to Live\): 64$/);
    }
  } finally {
    await service.handle('language.set', { language: 'en' });
  }
  assert.deepEqual(await service.handle('packet.get', { number: 5 }), english);
  await assert.rejects(service.handle('language.set', { language: 'de' }), /"language" must be one of en, pl, sv, ru/);
});
