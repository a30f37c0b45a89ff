import { TlsExtension } from './consts.js';

/** The fields of a ClientHello that identify the client's TLS stack (RFC 8446 §4.1.2). */
export interface ClientHello {
  legacyVersion: number;
  cipherSuites: number[];
  /** Extension types in the order sent. */
  extensions: number[];
  serverName: string | undefined;
  alpn: string[];
  supportedVersions: number[];
  supportedGroups: number[];
  ecPointFormats: number[];
  signatureAlgorithms: number[];
}

export interface ServerHello {
  legacyVersion: number;
  cipherSuite: number;
  extensions: number[];
  /** The version chosen: supported_versions when present (TLS 1.3), else the legacy field. */
  selectedVersion: number;
}

/** A bounds-checked reader over one handshake message body; any overrun sets `isBroken`. */
class Cursor {
  isBroken = false;
  constructor(
    readonly data: Buffer,
    public at: number,
    readonly end: number,
  ) {}

  uint8(): number {
    if (this.at + 1 > this.end) return this.#fail();
    return this.data[this.at++]!;
  }

  uint16(): number {
    if (this.at + 2 > this.end) return this.#fail();
    const value = this.data.readUInt16BE(this.at);
    this.at += 2;
    return value;
  }

  /** A sub-cursor over the next `length` bytes, advancing past them. */
  take(length: number): Cursor {
    if (this.at + length > this.end) {
      this.#fail();
      return new Cursor(this.data, this.end, this.end);
    }
    const sub = new Cursor(this.data, this.at, this.at + length);
    this.at += length;
    return sub;
  }

  get remaining(): number {
    return this.end - this.at;
  }

  #fail(): number {
    this.isBroken = true;
    this.at = this.end;
    return 0;
  }
}

function uint16List(cursor: Cursor): number[] {
  const values: number[] = [];
  while (cursor.remaining >= 2) values.push(cursor.uint16());
  return values;
}

/** Parses a ClientHello body; undefined when it is malformed. */
export function parseClientHello(data: Buffer, start: number, end: number): ClientHello | undefined {
  const cursor = new Cursor(data, start, end);
  const hello: ClientHello = {
    legacyVersion: cursor.uint16(),
    cipherSuites: [],
    extensions: [],
    serverName: undefined,
    alpn: [],
    supportedVersions: [],
    supportedGroups: [],
    ecPointFormats: [],
    signatureAlgorithms: [],
  };
  cursor.take(32);
  cursor.take(cursor.uint8());
  hello.cipherSuites = uint16List(cursor.take(cursor.uint16()));
  cursor.take(cursor.uint8());
  if (cursor.remaining >= 2) {
    const extensions = cursor.take(cursor.uint16());
    while (extensions.remaining >= 4 && !extensions.isBroken) {
      const type = extensions.uint16();
      const body = extensions.take(extensions.uint16());
      hello.extensions.push(type);
      readClientExtension(hello, type, body);
      if (body.isBroken) return undefined;
    }
    if (extensions.isBroken) return undefined;
  }
  return cursor.isBroken ? undefined : hello;
}

function readClientExtension(hello: ClientHello, type: number, body: Cursor): void {
  switch (type) {
    case TlsExtension.serverName: {
      const list = body.take(body.uint16());
      while (list.remaining >= 3) {
        const nameType = list.uint8();
        const name = list.take(list.uint16());
        if (nameType === 0 && hello.serverName === undefined)
          hello.serverName = name.data.toString('latin1', name.at, name.end);
      }
      break;
    }
    case TlsExtension.alpn: {
      const list = body.take(body.uint16());
      while (list.remaining >= 1) {
        const protocol = list.take(list.uint8());
        hello.alpn.push(protocol.data.toString('latin1', protocol.at, protocol.end));
      }
      break;
    }
    case TlsExtension.supportedVersions:
      hello.supportedVersions = uint16List(body.take(body.uint8()));
      break;
    case TlsExtension.supportedGroups:
      hello.supportedGroups = uint16List(body.take(body.uint16()));
      break;
    case TlsExtension.ecPointFormats: {
      const formats = body.take(body.uint8());
      while (formats.remaining >= 1) hello.ecPointFormats.push(formats.uint8());
      break;
    }
    case TlsExtension.signatureAlgorithms:
      hello.signatureAlgorithms = uint16List(body.take(body.uint16()));
      break;
  }
}

/** Parses a ServerHello body; undefined when it is malformed. */
export function parseServerHello(data: Buffer, start: number, end: number): ServerHello | undefined {
  const cursor = new Cursor(data, start, end);
  const legacyVersion = cursor.uint16();
  cursor.take(32);
  cursor.take(cursor.uint8());
  const cipherSuite = cursor.uint16();
  cursor.uint8();
  const hello: ServerHello = { legacyVersion, cipherSuite, extensions: [], selectedVersion: legacyVersion };
  if (cursor.remaining >= 2) {
    const extensions = cursor.take(cursor.uint16());
    while (extensions.remaining >= 4 && !extensions.isBroken) {
      const type = extensions.uint16();
      const body = extensions.take(extensions.uint16());
      hello.extensions.push(type);
      if (type === TlsExtension.supportedVersions && body.remaining === 2)
        hello.selectedVersion = body.uint16();
    }
    if (extensions.isBroken) return undefined;
  }
  return cursor.isBroken ? undefined : hello;
}
