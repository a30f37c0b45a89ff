import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

export interface SyslogTarget {
  /** `udp://host:514`, `tcp://host:514` or `tls://host:6514`. */
  url: string;
  /** PEM file of the CA that signed the collector's certificate (TLS); the system's CAs otherwise. */
  ca?: string | undefined;
  /** The collector's certificate name when it differs from the host in the URL (TLS). */
  serverName?: string | undefined;
}

const timeoutMs = 10_000;

/**
 * Octet counting (RFC 6587 §3.4.1, the framing RFC 5425 requires over TLS): the message's
 * length in bytes, a space, the message. A message may then hold any byte, line breaks included.
 */
export function octetCounted(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `), body]);
}

/**
 * Sends syslog messages to one collector: one datagram each over UDP (RFC 5426), octet-counted
 * over TCP (RFC 6587) and TLS (RFC 5425). Resolves once everything is written and the
 * connection closed cleanly; rejects naming the collector otherwise.
 */
export async function sendSyslog(
  target: SyslogTarget,
  messages: readonly string[],
  caPem?: Buffer,
): Promise<void> {
  const url = new URL(target.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (url.protocol === 'tls:' ? 6514 : 514));
  if (url.protocol === 'udp:') {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    try {
      for (const message of messages)
        await new Promise<void>((resolve, reject) =>
          socket.send(Buffer.from(message, 'utf8'), port, host, (error) =>
            error ? reject(error) : resolve(),
          ),
        );
    } finally {
      socket.close();
    }
    return;
  }
  if (url.protocol !== 'tcp:' && url.protocol !== 'tls:')
    throw new Error(`${target.url}: expected udp://, tcp:// or tls://`);
  const socket: Socket =
    url.protocol === 'tls:'
      ? connectTls({ host, port, servername: target.serverName ?? host, ...(caPem ? { ca: caPem } : {}) })
      : connectTcp({ host, port });
  socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no progress for ${timeoutMs / 1000} s`)));
  try {
    await once(socket, url.protocol === 'tls:' ? 'secureConnect' : 'connect');
    for (const message of messages) if (!socket.write(octetCounted(message))) await once(socket, 'drain');
    socket.end();
    await once(socket, 'close');
  } catch (error) {
    socket.destroy();
    throw new Error(`syslog ${target.url}: ${(error as Error).message}`);
  }
}
