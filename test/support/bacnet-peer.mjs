// A BACnet/IP peer built on @bacnet-js/client, run inside a test network namespace:
//   node bacnet-peer.mjs device <broadcast> <device-instance> <vendor-id>  answers Who-Is with I-Am
//   node bacnet-peer.mjs client <broadcast>                            sends Who-Is, waits, exits
import bacnet from '@bacnet-js/client';

const BacnetClient = bacnet.default ?? bacnet;
const [role, broadcast, deviceInstance, vendorId] = process.argv.slice(2);
// Bound to every address: a socket bound to one unicast address does not receive broadcasts.
const client = new BacnetClient({ interface: '0.0.0.0', broadcastAddress: broadcast, apduTimeout: 2000 });

if (role === 'device') {
  // Segmentation 3: none (ASHRAE 135 clause 21, BACnetSegmentation).
  client.on('whoIs', () =>
    client.iAmResponse({ address: broadcast }, Number(deviceInstance), 3, Number(vendorId)),
  );
  process.stdout.write('listening\n');
} else {
  const devices = [];
  client.on('iAm', (content) => devices.push(content.payload.deviceId));
  setTimeout(() => client.whoIs(), 300);
  setTimeout(() => {
    process.stdout.write(`${JSON.stringify(devices)}\n`);
    client.close();
  }, 2000);
}
