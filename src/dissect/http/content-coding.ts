import { brotliDecompressSync, constants, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import type { HttpBody } from './application.js';

/** Decoded bodies larger than this are not read: no application needs more, and it bounds memory. */
const maxDecodedBytes = 2 * 1024 * 1024;

/**
 * The body with its content coding (RFC 9110 §8.4) undone: gzip, deflate (zlib, or raw as some
 * servers send it) and br. A body cut short by the capture limit decodes as far as its bytes go.
 * Undefined when the coding is unknown or the bytes do not decode.
 */
export function decodedBody(body: HttpBody, contentEncoding: string | undefined): Buffer | undefined {
  const coding = (contentEncoding ?? 'identity').trim().toLowerCase();
  // A partial body must still yield what it holds, so the stream is flushed rather than finished.
  const options = { maxOutputLength: maxDecodedBytes, finishFlush: constants.Z_SYNC_FLUSH };
  try {
    switch (coding) {
      case 'identity':
      case '':
        return body.bytes;
      case 'gzip':
      case 'x-gzip':
        return gunzipSync(body.bytes, options);
      case 'deflate':
        // The zlib wrapper starts with a CMF byte whose low nibble is 8 (deflate).
        return (body.bytes[0]! & 0x0f) === 8
          ? inflateSync(body.bytes, options)
          : inflateRawSync(body.bytes, options);
      case 'br':
        return brotliDecompressSync(body.bytes, {
          maxOutputLength: maxDecodedBytes,
          finishFlush: constants.BROTLI_OPERATION_FLUSH,
        });
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}
