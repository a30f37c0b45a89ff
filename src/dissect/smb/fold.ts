import { attributeConfidence } from '../../inventory/attribute-confidence.js';
import type { DraftBook } from '../../inventory/draft-book.js';
import { windowsReleaseOf } from '../../inventory/windows-versions.js';
import type {
  SmbFileActivityObservation,
  SmbHostInfoObservation,
  SmbNegotiateObservation,
} from './observation.js';

/**
 * SMB: the negotiated dialect, SMBv1 use (a finding on both ends: each runs SMBv1 code) and a
 * server that does not require signing; each side's own names, software and Windows release.
 */
export function foldSmb(
  book: DraftBook,
  observation: SmbNegotiateObservation | SmbHostInfoObservation | SmbFileActivityObservation,
): void {
  const server = book.deviceForIp(observation.server.ip, observation);
  const client = book.deviceForIp(observation.client.ip, observation);
  book.addProtocol(server, 'smb', observation.timestampMs);
  book.addProtocol(client, 'smb', observation.timestampMs);
  if (observation.kind === 'smb.negotiate') {
    // Answering a negotiation is serving files (or printers): behaviour, not a banner.
    if (observation.chosenDialect !== undefined)
      book.addAttribute(
        server,
        'role',
        'smb-server',
        observation.kind,
        attributeConfidence.roleFromBehaviour,
        observation,
      );
    if (observation.chosenDialect !== undefined) {
      const dialect = observation.isSmb1 ? `SMB1 ${observation.chosenDialect}` : observation.chosenDialect;
      book.addAttribute(
        server,
        'smb.dialect',
        dialect,
        observation.kind,
        attributeConfidence.roleFromBehaviour,
        observation,
      );
    }
    if (observation.isSmb1 && observation.chosenDialect !== undefined) {
      book.addFinding(server, 'smbv1', observation);
      book.addFinding(client, 'smbv1', observation);
    }
    if (!observation.isSigningRequired) book.addFinding(server, 'smb-signing-not-required', observation);
    return;
  }
  // File work is for detection; the protocol above is all it tells about the devices.
  if (observation.kind === 'smb.file-activity') return;
  const sender = observation.isFromServer ? server : client;
  const add = (name: string, value: string | undefined, confidence: number) => {
    if (value !== undefined)
      book.addAttribute(sender, name, value, observation.kind, confidence, observation);
  };
  add('smb.native-os', observation.nativeOs, attributeConfidence.softwareFromBanner);
  add('smb.native-lan-manager', observation.nativeLanManager, attributeConfidence.softwareFromBanner);
  add('smb.domain', observation.netbiosDomainName ?? observation.domain, attributeConfidence.selfDescription);
  add(
    'hostname',
    observation.dnsComputerName ?? observation.netbiosComputerName ?? observation.workstation,
    attributeConfidence.hostnameFromSmb,
  );
  const isSamba = /samba/i.test(observation.nativeLanManager ?? '');
  if (isSamba) add('software', observation.nativeLanManager, attributeConfidence.softwareFromBanner);
  else add('os', windowsReleaseFromSmb(observation), attributeConfidence.osFromSmb);
}

/** The Windows release from the NTLMSSP version, else from a native OS such as `Windows 5.1`. */
function windowsReleaseFromSmb(observation: SmbHostInfoObservation): string | undefined {
  if (observation.ntlmOsVersion !== undefined) {
    const release = windowsReleaseOf(observation.ntlmOsVersion);
    if (release !== undefined) return `${release} (${observation.ntlmOsVersion})`;
  }
  const nativeOs = observation.nativeOs;
  if (nativeOs === undefined || !nativeOs.startsWith('Windows')) return undefined;
  const numbered = /^Windows (\d+\.\d+)$/.exec(nativeOs);
  return numbered === null ? nativeOs : windowsReleaseOf(numbered[1]!);
}
