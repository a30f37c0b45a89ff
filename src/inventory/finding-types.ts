export type FindingSeverity = 'low' | 'medium' | 'high' | 'critical';

export interface FindingType {
  /** A few plain words for lists and reasons (`telnet open`), where the summary is too long. */
  title: string;
  severity: FindingSeverity;
  summary: string;
  remedy: string;
}

/**
 * The findings Vigil raises from traffic, each with a severity and a one-line remedy, so every
 * finding reads the same wherever it was raised.
 */
export const findingTypes = {
  'cleartext-credentials': {
    title: 'logins in clear text',
    severity: 'high',
    summary: 'accepts logins whose credentials cross the network in clear (HTTP Basic, FTP, telnet)',
    remedy:
      'Move the service to an encrypted protocol (HTTPS, SFTP) or turn it off, then change the exposed credentials.',
  },
  'anonymous-ftp': {
    title: 'anonymous FTP',
    severity: 'medium',
    summary: 'lets anyone log in to FTP anonymously',
    remedy:
      'Turn off anonymous FTP unless the manufacturer requires it, and then restrict what it can reach.',
  },
  'deprecated-tls': {
    title: 'outdated TLS',
    severity: 'medium',
    summary: 'negotiated a deprecated TLS version (SSLv3, TLS 1.0 or 1.1; RFC 8996)',
    remedy:
      'Enable TLS 1.2 or 1.3 on the device (configuration or a manufacturer update) and turn off older versions.',
  },
  'default-snmp-community': {
    title: 'default SNMP community',
    severity: 'high',
    summary: 'answers SNMP to a well-known default community (such as public or private)',
    remedy:
      'Change the community to a secret one or move to SNMPv3 with authentication; allow SNMP only from the management network.',
  },
  'telnet-service': {
    title: 'telnet open',
    severity: 'high',
    summary: 'offers telnet, whose sessions and logins cross the network in clear',
    remedy:
      'Turn telnet off or replace it with SSH; if the manufacturer requires it, allow it only from the service network and for the service window.',
  },
  'vnc-no-authentication': {
    title: 'VNC without a password',
    severity: 'critical',
    summary: 'serves VNC without authentication: anyone on the network gets its screen, keyboard and mouse',
    remedy:
      'Set a VNC password or, better, reach the console through an authenticated, encrypted gateway; block VNC from other networks.',
  },
  'rdp-without-nla': {
    title: 'RDP without network-level authentication',
    severity: 'medium',
    summary:
      'accepts RDP without network-level authentication (CredSSP), exposing its login screen and pre-authentication flaws',
    remedy:
      'Require network-level authentication on the host (or through its manufacturer), and allow RDP only from administration hosts.',
  },
  'phi-cleartext': {
    title: 'patient data sent in clear',
    severity: 'high',
    summary:
      'sent or received patient-identifying data in clear (the detail names the protocol, counts and elements)',
    remedy:
      'Move the exchange to its TLS form (DICOM TLS, HL7 over TLS/VPN) or a segment no one else reaches, and review who can capture traffic there.',
  },
  'dicom-no-tls': {
    title: 'DICOM without encryption',
    severity: 'medium',
    summary: 'accepts DICOM associations without TLS',
    remedy:
      'Enable DICOM TLS (PS3.15 Annex B) on the node and its peers, or confine it to a dedicated imaging network.',
  },
  'hl7-no-tls': {
    title: 'HL7 without encryption',
    severity: 'medium',
    summary: 'takes HL7 v2 messages over MLLP without TLS',
    remedy:
      'Carry MLLP inside TLS (or a VPN between interface engine and device), or confine it to a dedicated interface network.',
  },
  'fhir-no-tls': {
    title: 'FHIR without encryption',
    severity: 'medium',
    summary: 'serves a FHIR API over cleartext HTTP',
    remedy:
      'Serve FHIR only over HTTPS (TLS 1.2 or later) and close the cleartext port, or confine it to a network only its clients reach.',
  },
  'dicom-promiscuous-scp': {
    title: 'DICOM accepts any caller',
    severity: 'medium',
    summary:
      "accepted an association from a tool's default calling AE title, so it does not restrict who may call it",
    remedy:
      'Configure the DICOM node to accept only the calling AE titles (and addresses) of its known peers.',
  },
  smbv1: {
    title: 'SMBv1 (EternalBlue-era file sharing)',
    severity: 'high',
    summary: 'negotiated SMBv1, the protocol of wormable flaws such as MS17-010 (EternalBlue, WannaCry)',
    remedy:
      'Disable SMBv1 on the device or ask its manufacturer for a configuration without it; until then, allow SMB only from the hosts that need it.',
  },
  'smb-signing-not-required': {
    title: 'SMB signing not required',
    severity: 'medium',
    summary: 'serves SMB without requiring message signing, so NTLM logins to it can be relayed',
    remedy: 'Require SMB signing on the server (server signing = mandatory, or the Windows group policy).',
  },
  'mds2-claim-contradicted': {
    title: "traffic contradicts the manufacturer's MDS2",
    severity: 'medium',
    summary: "does on the network what its manufacturer's MDS2 form says it does not",
    remedy:
      'Put the contradiction to the manufacturer (the question, the answer and the traffic), and rely on what the network shows until the form is corrected.',
  },
} as const satisfies Record<string, FindingType>;

export type FindingTypeName = keyof typeof findingTypes;

/** The plain title of a finding type, or the type itself for one Vigil does not define. */
export function findingTitle(type: string): string {
  return (findingTypes as Record<string, FindingType>)[type]?.title ?? type;
}
