/**
 * The start of an RDP connection ([MS-RDPBCGR] §2.2.1.1–2), for the simulator: the client's
 * X.224 Connection Request with its routing cookie and RDP_NEG_REQ, and the server's Connection
 * Confirm with RDP_NEG_RSP, each in a TPKT (RFC 1006).
 */

function tpkt(body: Buffer): Buffer {
  const header = Buffer.from([3, 0, 0, 0]);
  header.writeUInt16BE(body.length + 4, 2);
  return Buffer.concat([header, body]);
}

function x224(code: number, variable: Buffer): Buffer {
  // Length indicator, code, destination reference, source reference, class 0.
  const fixed = Buffer.from([6 + variable.length, code, 0, 0, 0x12, 0x34, 0]);
  return Buffer.concat([fixed, variable]);
}

function negotiation(type: number, protocols: number): Buffer {
  const body = Buffer.alloc(8);
  body[0] = type;
  body.writeUInt16LE(8, 2);
  body.writeUInt32LE(protocols, 4);
  return body;
}

/** Protocols as flags: 0 standard RDP security, 1 TLS, 2 CredSSP (NLA), 8 hybrid extended. */
export function encodeRdpConnectionRequest(user: string, requestedProtocols: number): Buffer {
  return tpkt(
    x224(
      0xe0,
      Buffer.concat([
        Buffer.from(`Cookie: mstshash=${user}\r\n`, 'latin1'),
        negotiation(1, requestedProtocols),
      ]),
    ),
  );
}

export function encodeRdpConnectionConfirm(selectedProtocol: number): Buffer {
  return tpkt(x224(0xd0, negotiation(2, selectedProtocol)));
}
