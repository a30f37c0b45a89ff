import type { NetworkEndpoint, ObservationBase } from '../../observe/observation.js';

/** An SMB negotiate exchange ([MS-CIFS] §2.2.4.52, [MS-SMB2] §2.2.3–2.2.4), reported on the answer. */
export interface SmbNegotiateObservation extends ObservationBase {
  kind: 'smb.negotiate';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  /** SMB1 dialect strings (`NT LM 0.12`, `SMB 2.002`) or SMB2 versions (`3.1.1`), as the client listed them. */
  offeredDialects: string[];
  /** The server's choice; undefined when it accepted none of them. */
  chosenDialect: string | undefined;
  /** The server answered in SMB1: the connection runs SMBv1. */
  isSmb1: boolean;
  /** The server requires message signing (without it, NTLM relaying is possible). */
  isSigningRequired: boolean;
}

/**
 * What one side of an SMB session setup says about its host: SMB1's native OS and LAN manager
 * strings and the NTLMSSP names and Windows version. Never user names, hashes or passwords.
 */
export interface SmbHostInfoObservation extends ObservationBase {
  kind: 'smb.host-info';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  isFromServer: boolean;
  /** e.g. `Windows 5.1`, `Windows 7 Professional 7601 Service Pack 1`, `Unix`. */
  nativeOs: string | undefined;
  /** e.g. `Windows 2000 LAN Manager`, `Samba 4.17.12-Debian`. */
  nativeLanManager: string | undefined;
  /** The NTLMSSP VERSION field, `major.minor.build` (Windows sends its own; Samba sends 6.1.0). */
  ntlmOsVersion: string | undefined;
  /** A server's names from its NTLMSSP challenge. */
  netbiosComputerName: string | undefined;
  netbiosDomainName: string | undefined;
  dnsComputerName: string | undefined;
  dnsDomainName: string | undefined;
  /** A client's workstation name and the account's domain from its NTLMSSP authenticate message. */
  workstation: string | undefined;
  domain: string | undefined;
}

/**
 * File work a client asked of an SMB2 server: creates, writes (and how many distinct files),
 * renames and deletes, counted from request headers, reported every 64 operations and when the
 * connection ends. Ransomware shows as a burst of them across many files. File names and
 * contents are never read.
 */
export interface SmbFileActivityObservation extends ObservationBase {
  kind: 'smb.file-activity';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  creates: number;
  writes: number;
  filesWritten: number;
  renames: number;
  deletes: number;
  /** When the first and last of these operations were sent. */
  firstMs: number;
  lastMs: number;
}
