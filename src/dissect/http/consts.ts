/** Request methods of RFC 9110 §9 and the WebDAV ones devices still use, as they start a request line. */
export const httpMethods: readonly string[] = [
  'GET',
  'POST',
  'PUT',
  'HEAD',
  'DELETE',
  'OPTIONS',
  'PATCH',
  'CONNECT',
  'TRACE',
  'PROPFIND',
];

/** A request line is `METHOD SP`; responses start with this. */
export const httpResponsePrefix = 'HTTP/1.';

/** Header blocks larger than this are not HTTP a device sends; parsing of that direction stops. */
export const maxHeaderBlockBytes = 16 * 1024;

/**
 * Requests held while their responses are awaited (HTTP/1.1 pipelining answers in order). A
 * client that sends more without reading answers has its oldest requests given up.
 */
export const maxPendingRequests = 16;
