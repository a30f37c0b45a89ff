/** FTP control-connection lines (RFC 959 §4.2, §5.4) for the simulator. */
export function encodeFtpReply(code: number, text: string): Buffer {
  return Buffer.from(`${code} ${text}\r\n`);
}

export function encodeFtpCommand(command: string, argument?: string): Buffer {
  return Buffer.from(argument === undefined ? `${command}\r\n` : `${command} ${argument}\r\n`);
}
