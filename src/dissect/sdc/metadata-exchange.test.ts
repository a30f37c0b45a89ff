import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feedStream, mutatedExchange } from '../../../test/support/feed-stream.js';
import { createHttpDissector } from '../http/index.js';
import { dpwsMetadataApplication } from './metadata-exchange.js';
import type { DpwsMetadataObservation } from './observation.js';

const dissector = createHttpDissector([dpwsMetadataApplication]);

const get = `<?xml version="1.0" encoding="UTF-8"?>
<s12:Envelope xmlns:s12="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://www.w3.org/2005/08/addressing">
  <s12:Header><wsa:Action>http://schemas.xmlsoap.org/ws/2004/09/transfer/Get</wsa:Action>
  <wsa:To>urn:uuid:0f5c3b2a-7a1e-4c55-9d0b-5e5e5e5e5e5e</wsa:To></s12:Header><s12:Body/></s12:Envelope>`;

/** An SDC provider's GetResponse in DPWS 1.1 (OASIS 2009/01), with its manufacturer names in two languages. */
const getResponse = `<?xml version="1.0" encoding="UTF-8"?>
<s12:Envelope xmlns:s12="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://www.w3.org/2005/08/addressing"
  xmlns:mex="http://schemas.xmlsoap.org/ws/2004/09/mex" xmlns:dpws="http://docs.oasis-open.org/ws-dd/ns/dpws/2009/01">
  <s12:Header><wsa:Action>http://schemas.xmlsoap.org/ws/2004/09/transfer/GetResponse</wsa:Action></s12:Header>
  <s12:Body><mex:Metadata>
    <mex:MetadataSection Dialect="http://docs.oasis-open.org/ws-dd/ns/dpws/2009/01/ThisModel"><dpws:ThisModel>
      <dpws:Manufacturer xml:lang="en">Draeger</dpws:Manufacturer><dpws:Manufacturer xml:lang="de">Dräger</dpws:Manufacturer>
      <dpws:ModelName>Infinity M540</dpws:ModelName><dpws:ModelNumber>MS25510</dpws:ModelNumber>
    </dpws:ThisModel></mex:MetadataSection>
    <mex:MetadataSection Dialect="http://docs.oasis-open.org/ws-dd/ns/dpws/2009/01/ThisDevice"><dpws:ThisDevice>
      <dpws:FriendlyName>M540 bed 12</dpws:FriendlyName><dpws:FirmwareVersion>VG3.1.2</dpws:FirmwareVersion>
      <dpws:SerialNumber>ASFK-0042</dpws:SerialNumber>
    </dpws:ThisDevice></mex:MetadataSection>
  </mex:Metadata></s12:Body></s12:Envelope>`;

const exchange = [
  {
    fromInitiator: true,
    bytes: `POST /0f5c3b2a HTTP/1.1\r\nHost: 10.7.0.21:6464\r\nContent-Type: application/soap+xml; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(get)}\r\n\r\n${get}`,
  },
  {
    fromInitiator: false,
    bytes: `HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(getResponse)}\r\n\r\n${getResponse}`,
  },
];

describe('DPWS metadata over HTTP', () => {
  it("reads an SDC device's ThisModel and ThisDevice, the first language of each, however split", () => {
    const bytes = exchange.map((piece) => ({ ...piece, bytes: Buffer.from(piece.bytes) }));
    const bytewise = bytes.flatMap((piece) =>
      [...piece.bytes].map((byte) => ({ fromInitiator: piece.fromInitiator, bytes: Buffer.from([byte]) })),
    );
    for (const pieces of [bytes, bytewise]) {
      const { observations, counters } = feedStream(dissector, pieces, { end: true });
      expect(counters.malformed).toBe(0);
      expect(observations.filter((o) => o.kind === 'dpws.metadata')).toEqual([
        expect.objectContaining<Partial<DpwsMetadataObservation>>({
          manufacturer: 'Draeger',
          modelName: 'Infinity M540',
          modelNumber: 'MS25510',
          friendlyName: 'M540 bed 12',
          firmwareVersion: 'VG3.1.2',
          serialNumber: 'ASFK-0042',
          computerName: undefined,
        }),
      ]);
    }
  });

  it('ignores SOAP answers that are not metadata, and never throws on mutated or random bytes', () => {
    const notMetadata = getResponse.replace('GetResponse', 'GetMdibResponse');
    const { observations } = feedStream(dissector, [
      exchange[0]!,
      { fromInitiator: false, bytes: exchange[1]!.bytes.replace(getResponse, notMetadata) },
    ]);
    expect(observations.filter((o) => o.kind === 'dpws.metadata')).toEqual([]);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 10 }),
        fc.array(fc.record({ fromInitiator: fc.boolean(), bytes: fc.uint8Array({ maxLength: 300 }) }), {
          maxLength: 4,
        }),
        (mutations, random) => {
          const all = mutatedExchange(exchange, mutations, random);
          const { observations: read } = feedStream(dissector, all, { end: true });
          expect(read.filter((o) => o.kind === 'dpws.metadata').length).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
