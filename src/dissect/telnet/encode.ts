/**
 * A telnet server's side of a login as embedded devices send it, for the simulator: option
 * negotiation (IAC WILL ECHO, WILL SUPPRESS-GO-AHEAD; RFC 857, 858), a banner and the prompt.
 */
export function encodeTelnetGreeting(banner: string, host: string): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xfb, 0x01, 0xff, 0xfb, 0x03]),
    Buffer.from(`\r\n${banner}\r\n\r\n${host} login: `),
  ]);
}

/** The client's answer: a user name, then a password line (the simulator's passwords are invented). */
export function encodeTelnetLine(text: string): Buffer {
  return Buffer.from(`${text}\r\n`);
}
