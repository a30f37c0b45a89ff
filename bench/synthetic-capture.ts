import { closeSync, openSync, writeSync } from 'node:fs';
import { LinkType } from '../src/capture/link-type.js';
import { PcapWriter } from '../src/capture/pcap-writer.js';
import { arpPacket, ethernetFrame, ipv4Packet, tcpSegment, udpDatagram } from '../src/decode/encode-frame.js';
import { TcpFlag } from '../src/decode/packet-view.js';
import { encodeDnsAnswer, encodeDnsQuery } from '../src/dissect/dns/encode.js';
import { encodeApplicationData, encodeClientHello, encodeServerHello } from '../src/dissect/tls/encode.js';
import { httpRequest, httpResponse } from './synthetic-payloads.js';

/**
 * Writes a pcap of at least `packetCount` packets: TCP connections (handshake, data both ways,
 * FIN teardown) between 2,000 hosts and 40 servers — HTTP/1.1 exchanges on port 80, TLS
 * handshakes and application data on 443, opaque payloads on the DICOM, HL7 and SMB ports — DNS
 * queries and answers over UDP, and ARP. Deterministic for a given count, so runs compare.
 */
export function writeSyntheticCapture(file: string, packetCount: number): { packets: number; bytes: number } {
  const writer = new PcapWriter({ linkType: LinkType.ethernet });
  const descriptor = openSync(file, 'w');
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let packets = 0;
  let bytes = 0;
  let timestampUs = 1_767_225_600_000_000;
  let random = 0x2545f491;
  const next = () => {
    random ^= random << 13;
    random ^= random >>> 17;
    random ^= random << 5;
    return (random >>> 0) / 0x100000000;
  };
  const emit = (frame: Buffer) => {
    timestampUs += 1 + Math.floor(next() * 200);
    const record = writer.record(frame, Math.floor(timestampUs / 1e6), (timestampUs % 1e6) * 1000);
    pending.push(record);
    pendingBytes += record.length;
    packets += 1;
    bytes += frame.length;
    if (pendingBytes > 4 * 1024 * 1024) flush();
  };
  const flush = () => {
    writeSync(descriptor, Buffer.concat(pending));
    pending = [];
    pendingBytes = 0;
  };
  writeSync(descriptor, writer.header());
  const servicePorts = [104, 2575, 443, 445, 80, 11112];
  const hostMac = (host: number) =>
    `00:1a:01:${((host >> 8) & 0xff).toString(16).padStart(2, '0')}:${(host & 0xff).toString(16).padStart(2, '0')}:01`;
  const hostIp = (host: number) => `10.${20 + (host >> 8)}.${host & 0xff}.${10 + (host % 200)}`;
  let connection = 0;
  while (packets < packetCount) {
    connection += 1;
    const client = Math.floor(next() * 2_000);
    const server = 5_000 + Math.floor(next() * 40);
    const clientIp = hostIp(client);
    const serverIp = hostIp(server);
    const link = { source: hostMac(client), destination: hostMac(server), etherType: 0x0800 };
    const back = { source: hostMac(server), destination: hostMac(client), etherType: 0x0800 };
    if (connection % 50 === 0) {
      emit(
        ethernetFrame(
          { ...link, destination: 'ff:ff:ff:ff:ff:ff', etherType: 0x0806 },
          arpPacket({
            operation: 1,
            senderMac: link.source,
            senderIp: clientIp,
            targetMac: '00:00:00:00:00:00',
            targetIp: serverIp,
          }),
        ),
      );
    }
    if (connection % 7 === 0) {
      const name = `host-${connection % 500}.clinical.example`;
      const clientPort = 30_000 + (connection % 30_000);
      const query = udpDatagram(
        clientPort,
        53,
        clientIp,
        serverIp,
        encodeDnsQuery(connection & 0xffff, name),
      );
      const address = `10.20.${connection & 0xff}.9`;
      const answer = udpDatagram(
        53,
        clientPort,
        serverIp,
        clientIp,
        encodeDnsAnswer(connection & 0xffff, name, address),
      );
      emit(ethernetFrame(link, ipv4Packet({ source: clientIp, destination: serverIp, protocol: 17 }, query)));
      emit(
        ethernetFrame(back, ipv4Packet({ source: serverIp, destination: clientIp, protocol: 17 }, answer)),
      );
      continue;
    }
    const clientPort = 1_024 + (connection % 60_000);
    const serverPort = servicePorts[connection % servicePorts.length]!;
    let clientSequence = connection * 1_000;
    let serverSequence = connection * 7_000;
    const segment = (fromClient: boolean, flags: number, fillerBytes: number, content?: Buffer) => {
      const payload = content ?? Buffer.alloc(fillerBytes, 0x5a);
      const payloadBytes = payload.length;
      const [source, destination] = fromClient ? [clientIp, serverIp] : [serverIp, clientIp];
      const tcp = tcpSegment(
        {
          sourcePort: fromClient ? clientPort : serverPort,
          destinationPort: fromClient ? serverPort : clientPort,
          flags,
          sequence: fromClient ? clientSequence : serverSequence,
          acknowledgement: fromClient ? serverSequence : clientSequence,
        },
        source,
        destination,
        payload,
      );
      const advance = payloadBytes + (flags & (TcpFlag.syn | TcpFlag.fin) ? 1 : 0);
      if (fromClient) clientSequence = (clientSequence + advance) >>> 0;
      else serverSequence = (serverSequence + advance) >>> 0;
      emit(ethernetFrame(fromClient ? link : back, ipv4Packet({ source, destination, protocol: 6 }, tcp)));
    };
    segment(true, TcpFlag.syn, 0);
    segment(false, TcpFlag.syn | TcpFlag.ack, 0);
    segment(true, TcpFlag.ack, 0);
    const exchanges = 2 + Math.floor(next() * 40);
    if (serverPort === 443) {
      segment(
        true,
        TcpFlag.psh | TcpFlag.ack,
        0,
        encodeClientHello(`device-${connection % 97}.vendor-cloud.example`),
      );
      segment(false, TcpFlag.psh | TcpFlag.ack, 0, encodeServerHello());
    }
    for (let exchange = 0; exchange < exchanges; exchange += 1) {
      const requestBytes = Math.floor(next() * 400);
      const responseBytes = 6 + Math.floor(next() * 1200);
      if (serverPort === 80) {
        segment(true, TcpFlag.psh | TcpFlag.ack, 0, httpRequest(connection + exchange));
        segment(false, TcpFlag.psh | TcpFlag.ack, 0, httpResponse(responseBytes));
      } else if (serverPort === 443) {
        segment(true, TcpFlag.psh | TcpFlag.ack, 0, encodeApplicationData(requestBytes + 5));
        segment(false, TcpFlag.psh | TcpFlag.ack, 0, encodeApplicationData(responseBytes + 5));
      } else {
        segment(true, TcpFlag.psh | TcpFlag.ack, requestBytes);
        segment(false, TcpFlag.psh | TcpFlag.ack, responseBytes);
      }
    }
    segment(true, TcpFlag.fin | TcpFlag.ack, 0);
    segment(false, TcpFlag.fin | TcpFlag.ack, 0);
    segment(true, TcpFlag.ack, 0);
  }
  flush();
  closeSync(descriptor);
  return { packets, bytes };
}
