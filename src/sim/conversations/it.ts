import { encodeFtpCommand, encodeFtpReply } from '../../dissect/ftp/encode.js';
import { encodeHttpRequest, encodeHttpResponse } from '../../dissect/http/encode.js';
import {
  encodeSmb1NegotiateRequest,
  encodeSmb1NegotiateResponse,
  encodeSmb2NegotiateRequest,
  encodeSmb2NegotiateResponse,
} from '../../dissect/smb/encode.js';
import { encodeTelnetGreeting, encodeTelnetLine } from '../../dissect/telnet/encode.js';
import { encodeApplicationData, encodeClientHello, encodeServerHello } from '../../dissect/tls/encode.js';
import { endpointOf, openConnection, type SimContext, service } from '../context.js';
import type { SimDevice } from '../hospital.js';
import { TcpConversation } from '../packets.js';
import { lookUp } from './network.js';

/** SMB2 dialects Windows 10 and 11 offer: 2.0.2, 2.1, 3.0, 3.0.2, 3.1.1. */
const windowsDialects = [0x0202, 0x0210, 0x0300, 0x0302, 0x0311];

/** A host opens the file share: SMB2 negotiation ending in 3.1.1, or, for an old one, SMB1's NT LM 0.12. */
export function openFileShare(context: SimContext, device: SimDevice, isSmb1: boolean, atUs: number): number {
  const server = service(context, 'file-server');
  const session = openConnection(context, device, server, 445, atUs);
  if (isSmb1) {
    session.send(true, encodeSmb1NegotiateRequest(['NT LM 0.12']));
    session.send(false, encodeSmb1NegotiateResponse(0, 'HOSPITAL'));
    context.truth.raises(device, 'smbv1');
    // The NT LM 0.12 answer enables signing but does not require it (SecurityMode 0x03).
    context.truth.raises(server, 'smbv1', 'smb-signing-not-required');
  } else {
    session.send(true, encodeSmb2NegotiateRequest(windowsDialects, context.random.bytes(16)));
    session.send(false, encodeSmb2NegotiateResponse(0x0311, true, context.random.bytes(16)));
  }
  session.close();
  context.truth.speaks(device, 'smb');
  context.truth.speaks(server, 'smb');
  return session.atUs;
}

/** Cloud endpoints by manufacturer: where a device's telemetry or updates go, over TLS. */
function cloudNameOf(device: SimDevice): string {
  return `${device.make.manufacturer.toLowerCase().replace(/[^a-z]+/g, '')}.devicecloud.example`;
}

/** A lookup of the manufacturer's cloud, then a TLS 1.3 session to it through the router. */
export function reachVendorCloud(context: SimContext, device: SimDevice, atUs: number): number {
  const router = service(context, 'router');
  const name = cloudNameOf(device);
  const address = `198.51.100.${1 + ((name.length * 7) % 250)}`;
  const at = lookUp(context, device, name, address, atUs);
  const cloud = { mac: router.mac, ip: address, port: 443 };
  const session = new TcpConversation(
    context.stream,
    endpointOf(context, device),
    cloud,
    context.random,
    at + 500,
  ).open();
  session.send(true, encodeClientHello(name, context.random.bytes(32)));
  session.send(false, encodeServerHello(context.random.bytes(32)));
  for (let record = 0; record < 2 + context.random.below(4); record += 1) {
    session.send(true, encodeApplicationData(100 + context.random.below(900)));
    session.send(false, encodeApplicationData(100 + context.random.below(3000)));
  }
  session.close();
  context.truth.speaks(device, 'tls');
  return session.atUs;
}

/** The biomedical engineer's laptop opens a device's telnet service and logs in (an invented password). */
export function maintainOverTelnet(context: SimContext, device: SimDevice, atUs: number): number {
  const laptop = service(context, 'service-laptop');
  const session = openConnection(context, laptop, device, 23, atUs);
  session.send(
    false,
    encodeTelnetGreeting(`${device.make.manufacturer} ${device.model} ${device.firmware}`, device.hostname),
  );
  session.send(true, encodeTelnetLine('service'));
  session.send(false, Buffer.from('Password: '));
  session.send(true, encodeTelnetLine('biomed-2019'));
  session.send(false, Buffer.from(`\r\nWelcome to ${device.hostname}\r\n# `));
  session.close();
  context.truth.speaks(device, 'telnet');
  context.truth.speaks(laptop, 'telnet');
  context.truth.raises(device, 'telnet-service', 'cleartext-credentials');
  return session.atUs;
}

/** A workstation or the service laptop opens a device's embedded web page. */
export function openWebInterface(context: SimContext, device: SimDevice, atUs: number): number {
  const laptop = service(context, 'service-laptop');
  const session = openConnection(context, laptop, device, 80, atUs);
  session.send(
    true,
    encodeHttpRequest('GET', '/', {
      Host: device.ip,
      'User-Agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
    }),
  );
  session.send(
    false,
    encodeHttpResponse(
      200,
      'OK',
      { Server: 'GoAhead-Webs', 'Content-Type': 'text/html' },
      Buffer.from(`<html><title>${device.model}</title></html>`),
    ),
  );
  session.close();
  context.truth.speaks(device, 'http');
  context.truth.speaks(laptop, 'http');
  return session.atUs;
}

/** The service laptop fetches a legacy device's logs over FTP: greeting, a login in clear, SYST, QUIT. */
export function fetchLogsOverFtp(context: SimContext, device: SimDevice, atUs: number): number {
  const laptop = service(context, 'service-laptop');
  const session = openConnection(context, laptop, device, 21, atUs);
  session.send(false, encodeFtpReply(220, `${device.model} FTP server (${device.firmware}) ready.`));
  session.send(true, encodeFtpCommand('USER', 'service'));
  session.send(false, encodeFtpReply(331, 'Password required for service.'));
  session.send(true, encodeFtpCommand('PASS', 'biomed-2019'));
  session.send(false, encodeFtpReply(230, 'User service logged in.'));
  session.send(true, encodeFtpCommand('SYST'));
  session.send(false, encodeFtpReply(215, 'UNIX Type: L8'));
  session.send(true, encodeFtpCommand('QUIT'));
  session.send(false, encodeFtpReply(221, 'Goodbye.'));
  session.close();
  context.truth.speaks(device, 'ftp');
  context.truth.speaks(laptop, 'ftp');
  context.truth.raises(device, 'cleartext-credentials');
  return session.atUs;
}
