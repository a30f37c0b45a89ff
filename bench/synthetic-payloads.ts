import { encodeHttpRequest, encodeHttpResponse } from '../src/dissect/http/encode.js';

/**
 * HTTP payloads for the synthetic benchmark capture, so that the HTTP dissector does real work;
 * TLS and DNS come from their dissectors' encoders unchanged.
 */
export function httpRequest(index: number): Buffer {
  return encodeHttpRequest('GET', `/api/v1/status/${index}`, {
    Host: `device-${index % 97}.clinical.example`,
    'User-Agent': `InfusionGateway/${index % 7}.2`,
    Accept: '*/*',
  });
}

export function httpResponse(bodyBytes: number): Buffer {
  return encodeHttpResponse(
    200,
    'OK',
    { Server: 'GoAhead-Webs/2.5', 'Content-Type': 'application/json' },
    Buffer.alloc(bodyBytes, 0x7b),
  );
}
