/** WS-Discovery's port and multicast group (WS-Discovery 2005/04 and 1.1 §2.4). */
export const wsDiscoveryPort = 3702;
/** Datagrams read; a discovery message is a few kilobytes. */
export const maxMessageBytes = 64 * 1024;

/** IEEE 11073-20702 (MDPWS): the type a medical device announces itself with. */
export const mdpwsNamespace = 'http://standards.ieee.org/downloads/11073/11073-20702-2016';
export const medicalDeviceType = 'MedicalDevice';

/**
 * IEEE 11073-20701 (SDC) discovery scopes: the MDS participant key purpose, the device
 * component types (MDC codes), the location context, and the patient context, whose value
 * identifies a patient and is never kept.
 */
export const sdcScopePrefixes = {
  participantKeyPurpose: 'sdc.mds.pkp:',
  componentType: 'sdc.cdc.type:',
  location: 'sdc.ctxt.loc:',
  patient: 'sdc.ctxt.pat:',
} as const;

/** Scopes and types kept per message. */
export const maxListed = 32;
