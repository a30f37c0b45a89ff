// An HTTP/1.1 server for the tests, on Node's own http module: every response body is sent in
// pieces without a length, so Node frames it with chunked transfer coding (RFC 9112 §7.1).
//   node chunked-http-server.mjs <address> <port>
import { createServer } from 'node:http';

const [address, port] = process.argv.slice(2);
createServer((request, response) => {
  response.setHeader('Server', 'infusion-gateway/2.4');
  response.setHeader('Trailer', 'X-Checksum');
  response.write(`{"path":"${request.url}",`);
  response.write('"status":"ok"}');
  response.addTrailers({ 'X-Checksum': '0' });
  response.end();
}).listen(Number(port), address);
