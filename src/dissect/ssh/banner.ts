/** The parts of an SSH identification string: `SSH-protoversion-softwareversion SP comments`. */
export interface SshBanner {
  banner: string;
  protocolVersion: string;
  software: string;
  comments: string | undefined;
}

/** Parses one identification line (without CR LF); undefined when it is not one (RFC 4253 §4.2). */
export function parseSshBanner(line: string): SshBanner | undefined {
  const match = /^SSH-([0-9.]+)-([^\s]+)(?: (.*))?$/.exec(line);
  if (match === null) return undefined;
  return { banner: line, protocolVersion: match[1]!, software: match[2]!, comments: match[3] || undefined };
}
