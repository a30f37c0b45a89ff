export const snmpAgentPort = 161;
export const snmpTrapPort = 162;

/** PDU tags of SNMPv1/v2c (RFC 1157, RFC 3416 §3). */
export const snmpPduTypes: Record<number, string> = {
  160: 'get',
  161: 'get-next',
  162: 'response',
  163: 'set',
  164: 'trap',
  165: 'get-bulk',
  166: 'inform',
  167: 'trap-v2',
  168: 'report',
};

export const snmpVersions: Record<number, 'v1' | 'v2c' | 'v3'> = { 0: 'v1', 1: 'v2c', 3: 'v3' };

/** MIB-II system group objects (RFC 1213) that name a device. */
export const systemObjects: Record<string, 'sysDescr' | 'sysObjectId' | 'sysName'> = {
  '1.3.6.1.2.1.1.1.0': 'sysDescr',
  '1.3.6.1.2.1.1.2.0': 'sysObjectId',
  '1.3.6.1.2.1.1.5.0': 'sysName',
};

/**
 * Community strings that ship as defaults or are guessed first by scanners. A device that answers
 * to one of them is readable (or writable) by anyone on its network.
 */
export const defaultCommunities: ReadonlySet<string> = new Set([
  'public',
  'private',
  'community',
  'admin',
  'manager',
  'default',
  'read',
  'write',
  'snmp',
  'monitor',
  'cisco',
]);
