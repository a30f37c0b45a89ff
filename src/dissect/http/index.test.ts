import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feedStream, testEndpoints } from '../../../test/support/feed-stream.js';
import { PacketView } from '../../decode/packet-view.js';
import { DissectCounters } from '../dissector.js';
import { httpDissector } from './index.js';
import type { HttpRequestObservation, HttpResponseObservation } from './observation.js';

function feed(pieces: { fromClient: boolean; text: string | Buffer }[]) {
  return feedStream(
    httpDissector,
    pieces.map((piece) => ({ fromInitiator: piece.fromClient, bytes: piece.text })),
  );
}

const request = 'GET /status HTTP/1.1\r\nHost: pump-07.icu\r\nUser-Agent: Alaris/9.33\r\n\r\n';
const response = 'HTTP/1.1 200 OK\r\nServer: GoAhead-Webs\r\nContent-Length: 5\r\n\r\nhello';

const chunkedResponse =
  'HTTP/1.1 200 OK\r\nServer: nginx\r\nTransfer-Encoding: gzip, chunked\r\n\r\n' +
  '5;name=value\r\nhello\r\n1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nExpires: never\r\n\r\n';

describe('httpDissector', () => {
  it('passes over chunked bodies, extensions and trailers, and reads the next response, however split', () => {
    const serverText = chunkedResponse + response;
    for (const split of [1, 2, 5, 13, 200]) {
      const pieces = [{ fromClient: true, text: request + request }];
      for (let at = 0; at < serverText.length; at += split)
        pieces.push({ fromClient: false, text: serverText.slice(at, at + split) });
      const { observations, counters } = feed(pieces);
      const responses = observations.filter((o): o is HttpResponseObservation => o.kind === 'http.response');
      expect(responses.map((r) => r.serverSoftware)).toEqual(['nginx', 'GoAhead-Webs']);
      expect(counters.malformed).toBe(0);
    }
  });

  it('stops at a chunk size that is not hexadecimal, counting it malformed', () => {
    const broken = chunkedResponse.replace('1a\r\n', 'zz\r\n');
    const { observations, counters } = feed([
      { fromClient: true, text: request + request },
      { fromClient: false, text: broken + response },
    ]);
    expect(observations.filter((o) => o.kind === 'http.response')).toHaveLength(1);
    expect(counters.malformed).toBe(1);
  });

  it('follows keep-alive requests and responses across any split of the bytes', () => {
    const clientText = request + request.replace('/status', '/other');
    const serverText = response + response;
    for (const split of [1, 2, 3, 7, 40]) {
      const pieces: { fromClient: boolean; text: string }[] = [];
      for (let at = 0; at < Math.max(clientText.length, serverText.length); at += split) {
        pieces.push({ fromClient: true, text: clientText.slice(at, at + split) });
        pieces.push({ fromClient: false, text: serverText.slice(at, at + split) });
      }
      const { observations, counters } = feed(pieces.filter((piece) => piece.text.length > 0));
      const requests = observations.filter((o): o is HttpRequestObservation => o.kind === 'http.request');
      const responses = observations.filter((o): o is HttpResponseObservation => o.kind === 'http.response');
      expect(requests.map((r) => [r.method, r.host, r.userAgent, r.hasBasicAuthorization])).toEqual([
        ['GET', 'pump-07.icu', 'Alaris/9.33', false],
        ['GET', 'pump-07.icu', 'Alaris/9.33', false],
      ]);
      expect(responses.map((r) => [r.statusCode, r.serverSoftware])).toEqual([
        [200, 'GoAhead-Webs'],
        [200, 'GoAhead-Webs'],
      ]);
      expect(counters.malformed).toBe(0);
    }
  });

  it('takes no body after a response to HEAD, whatever its Content-Length says', () => {
    const { observations, counters } = feed([
      { fromClient: true, text: request.replace('GET', 'HEAD') + request },
      {
        fromClient: false,
        text: `HTTP/1.1 200 OK\r\nServer: lighttpd\r\nContent-Length: 5000\r\n\r\n${response}`,
      },
    ]);
    const responses = observations.filter((o): o is HttpResponseObservation => o.kind === 'http.response');
    expect(responses.map((r) => r.serverSoftware)).toEqual(['lighttpd', 'GoAhead-Webs']);
    expect(counters.malformed).toBe(0);
  });

  it('stops at 101 Switching Protocols: what follows is not HTTP', () => {
    const { observations, counters } = feed([
      { fromClient: true, text: request },
      {
        fromClient: false,
        text: 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x05hello',
      },
    ]);
    expect(observations.filter((o) => o.kind === 'http.response')).toHaveLength(1);
    expect(counters.malformed).toBe(0);
  });

  it('notes Basic credentials without keeping them', () => {
    const { observations } = feed([
      { fromClient: true, text: 'GET / HTTP/1.1\r\nAuthorization: Basic c2VydmljZTpzZWNyZXQ=\r\n\r\n' },
    ]);
    expect(observations[0]).toMatchObject({ hasBasicAuthorization: true });
    expect(JSON.stringify(observations)).not.toContain('c2VydmljZTpzZWNyZXQ=');
  });

  it('names the default-credential entry Basic credentials matched, never the password', () => {
    const basic = (pair: string) =>
      feed([
        {
          fromClient: true,
          text: `GET / HTTP/1.1\r\nAuthorization: Basic ${Buffer.from(pair).toString('base64')}\r\n\r\n`,
        },
      ]).observations[0];
    const guessed = basic('root:toor');
    expect(guessed).toMatchObject({
      hasBasicAuthorization: true,
      defaultCredential: expect.stringMatching(/^root-\d+: /),
    });
    expect(JSON.stringify(guessed)).not.toContain('toor');
    expect(basic('service:secret')).toMatchObject({ defaultCredential: undefined });
  });

  it('stops a direction after a gap rather than misreading body bytes as headers', () => {
    const observations: unknown[] = [];
    const context = {
      captureName: 'c',
      emit: (o: unknown) => observations.push(o),
      counters: new DissectCounters(),
      view: new PacketView(),
    };
    const handler = httpDissector.createHandler(testEndpoints);
    const first = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial', 'latin1');
    handler.onData(false, first, 0, first.length, context);
    handler.onGap(false, 50);
    const next = Buffer.from(response, 'latin1');
    handler.onData(false, next, 0, next.length, context);
    expect(observations).toHaveLength(1);
    expect(context.counters.malformed).toBe(0);
  });

  it('counts a header block that never ends as malformed', () => {
    const { counters } = feed([{ fromClient: true, text: `GET / HTTP/1.1\r\nX: ${'a'.repeat(20_000)}` }]);
    expect(counters.malformedByProtocol.get('http')).toBe(1);
  });

  it('never throws on random or mutated bytes, and counts what it cannot read', () => {
    const messages = fc.constantFrom(
      request,
      response,
      chunkedResponse + response,
      `${request}${request}`,
      'HTTP/1.1 401 x\r\nWWW-Authenticate: Basic realm=a\r\n\r\n',
    );
    const mutated = fc
      .tuple(
        messages,
        fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 10 }),
      )
      .map(([text, edits]) => {
        const bytes = Buffer.from(text, 'latin1');
        for (const edit of edits) bytes[edit.at % bytes.length] = edit.value;
        return bytes;
      });
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            fromClient: fc.boolean(),
            text: fc.oneof(
              mutated,
              fc.uint8Array({ maxLength: 300 }).map((array) => Buffer.from(array)),
            ),
          }),
          { maxLength: 8 },
        ),
        (pieces) => {
          const { observations, counters } = feed(pieces);
          expect(observations.length).toBeLessThanOrEqual(
            pieces.reduce((total, piece) => total + (piece.text.length >> 4) + 1, 0),
          );
          expect(counters.malformed).toBeLessThanOrEqual(2);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
