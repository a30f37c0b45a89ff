import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feedStream, mutatedExchange } from '../../../test/support/feed-stream.js';
import { createHttpDissector } from '../http/index.js';
import { fhirApplication } from './index.js';
import type { FhirExchangeObservation, FhirSummaryObservation } from './observation.js';

const dissector = createHttpDissector([fhirApplication]);

const capability = JSON.stringify({
  resourceType: 'CapabilityStatement',
  status: 'active',
  kind: 'instance',
  software: { name: 'HAPI FHIR Server', version: '7.2.0' },
  fhirVersion: '4.0.1',
  format: ['application/fhir+json', 'application/fhir+xml'],
});
const zipped = gzipSync(capability);
const split = Math.floor(zipped.length / 2);
const chunk = (bytes: Buffer) =>
  Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')]);
const transaction = JSON.stringify({
  resourceType: 'Bundle',
  type: 'transaction',
  entry: [
    {
      resource: {
        resourceType: 'Patient',
        name: [{ family: 'ROE', given: ['RICHARD'] }],
        birthDate: '1980-02-02',
      },
    },
    { resource: { resourceType: 'Observation', status: 'final', valueQuantity: { value: 98, unit: '%' } } },
  ],
});
const transactionResponse = JSON.stringify({
  resourceType: 'Bundle',
  type: 'transaction-response',
  entry: [],
});
const patientXml =
  '<Patient xmlns="http://hl7.org/fhir"><id value="7"/><name><family value="ROE"/></name><birthDate value="1980-02-02"/></Patient>';
const patientValues = ['ROE', 'RICHARD', '1980-02-02', '98'];

const exchange = [
  {
    fromInitiator: true,
    bytes:
      'GET /fhir/metadata HTTP/1.1\r\nHost: ehr\r\nAccept: application/fhir+json\r\nAccept-Encoding: gzip\r\n\r\n',
  },
  {
    fromInitiator: false,
    bytes: Buffer.concat([
      Buffer.from(
        'HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json;charset=UTF-8\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n',
      ),
      chunk(zipped.subarray(0, split)),
      chunk(zipped.subarray(split)),
      Buffer.from('0\r\n\r\n'),
    ]),
  },
  {
    fromInitiator: true,
    bytes: `POST /fhir HTTP/1.1\r\nHost: ehr\r\nContent-Type: application/fhir+json\r\nContent-Length: ${transaction.length}\r\n\r\n${transaction}`,
  },
  {
    fromInitiator: false,
    bytes: `HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\nContent-Length: ${transactionResponse.length}\r\n\r\n${transactionResponse}`,
  },
  {
    fromInitiator: true,
    bytes: 'GET /fhir/Patient/7 HTTP/1.1\r\nHost: ehr\r\nAccept: application/fhir+xml\r\n\r\n',
  },
  {
    fromInitiator: false,
    bytes: `HTTP/1.1 200 OK\r\nContent-Type: application/fhir+xml\r\nContent-Length: ${patientXml.length}\r\n\r\n${patientXml}`,
  },
];

function exchangesOf(observations: readonly { kind: string }[]) {
  return observations.filter((o): o is FhirExchangeObservation => o.kind === 'fhir.exchange');
}

describe('FHIR over HTTP', () => {
  it('reads interactions, resource types and the CapabilityStatement whatever the segmentation, never a value', () => {
    const bytewise = exchange.flatMap((piece) =>
      [...Buffer.from(piece.bytes)].map((byte) => ({
        fromInitiator: piece.fromInitiator,
        bytes: Buffer.from([byte]),
      })),
    );
    for (const pieces of [exchange, bytewise]) {
      const { observations, counters } = feedStream(dissector, pieces, { end: true });
      expect(counters.malformed).toBe(0);
      expect(
        exchangesOf(observations).map((e) => [
          e.interaction,
          e.resourceType,
          e.statusCode,
          e.format,
          e.resourceTypes,
        ]),
      ).toEqual([
        ['capabilities', undefined, 200, 'json', ['CapabilityStatement']],
        ['transaction', undefined, 200, 'json', ['Bundle', 'Observation', 'Patient']],
        ['read', 'Patient', 200, 'xml', ['Patient']],
      ]);
      expect(exchangesOf(observations)[0]).toMatchObject({
        softwareName: 'HAPI FHIR Server',
        softwareVersion: '7.2.0',
        fhirVersion: '4.0.1',
      });
      const summary = observations.find((o): o is FhirSummaryObservation => o.kind === 'fhir.summary');
      expect(summary).toMatchObject({
        messages: 6,
        messagesWithPhi: 2,
        phiNames: ['Observation', 'Patient'],
      });
      const text = JSON.stringify(observations);
      for (const value of patientValues) expect(text).not.toContain(value);
    }
  });

  it('reads the first part of a body longer than the capture limit, then the next exchange', () => {
    const entries = Array.from({ length: 3000 }, (_, index) => ({
      resource: { resourceType: 'Observation', id: String(index), status: 'final' },
    }));
    const bundle = JSON.stringify({ resourceType: 'Bundle', type: 'searchset', entry: entries });
    expect(bundle.length).toBeGreaterThan(fhirApplication.maxBodyBytes * 2);
    const { observations } = feedStream(dissector, [
      { fromInitiator: true, bytes: 'GET /Observation?status=final HTTP/1.1\r\n\r\n' },
      {
        fromInitiator: false,
        bytes: `HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\nContent-Length: ${bundle.length}\r\n\r\n${bundle}`,
      },
      ...exchange.slice(4),
    ]);
    expect(exchangesOf(observations).map((e) => [e.interaction, e.resourceTypes])).toEqual([
      ['search-type', ['Bundle', 'Observation']],
      ['read', ['Patient']],
    ]);
  });

  it('reports an exchange cut short by the end of the connection, and ignores what is not FHIR', () => {
    const { observations } = feedStream(
      dissector,
      [
        { fromInitiator: true, bytes: 'GET /metadata HTTP/1.1\r\n\r\n' },
        {
          fromInitiator: false,
          bytes: 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\n\r\n<html></html>',
        },
        { fromInitiator: true, bytes: 'GET /Patient/7 HTTP/1.1\r\n\r\n' },
        { fromInitiator: false, bytes: 'HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nNot Found' },
        { fromInitiator: true, bytes: exchange[4]!.bytes },
        // Content-Length promises more than ever comes.
        {
          fromInitiator: false,
          bytes: `HTTP/1.1 200 OK\r\nContent-Length: 9999\r\n\r\n${patientXml.slice(0, 60)}`,
        },
      ],
      { end: true },
    );
    expect(exchangesOf(observations).map((e) => [e.interaction, e.statusCode, e.resourceTypes])).toEqual([
      ['read', 200, ['Patient']],
    ]);
  });

  it('never throws on mutated messages, lying lengths or random bytes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 10 }),
        fc.array(fc.record({ fromInitiator: fc.boolean(), bytes: fc.uint8Array({ maxLength: 300 }) }), {
          maxLength: 6,
        }),
        (mutations, random) => {
          const all = mutatedExchange(exchange, mutations, random);
          const { observations } = feedStream(dissector, all, { end: true });
          expect(exchangesOf(observations).length).toBeLessThanOrEqual(all.length);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
