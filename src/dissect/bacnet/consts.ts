/** BACnet/IP's port, 0xBAC0 (ASHRAE 135 Annex J.1). */
export const bacnetPort = 47808;
/** BVLC type for BACnet/IP (Annex J.2). */
export const bvlcTypeBacnetIp = 0x81;

/** BVLC functions (Annex J.2.1); those carrying an NPDU are read further. */
export const bvlcFunctionNames: Readonly<Record<number, string>> = {
  0: 'result',
  1: 'write-bdt',
  2: 'read-bdt',
  3: 'read-bdt-ack',
  4: 'forwarded-npdu',
  5: 'register-foreign-device',
  6: 'read-fdt',
  7: 'read-fdt-ack',
  8: 'delete-fdt-entry',
  9: 'distribute-broadcast-to-network',
  10: 'original-unicast-npdu',
  11: 'original-broadcast-npdu',
  12: 'secure-bvll',
};

/** APDU types (clause 20.1.1). */
export const apduTypeNames = [
  'confirmed-request',
  'unconfirmed-request',
  'simple-ack',
  'complex-ack',
  'segment-ack',
  'error',
  'reject',
  'abort',
] as const;

/** Unconfirmed services (clause 21, BACnetUnconfirmedServiceChoice). */
export const unconfirmedServiceNames: Readonly<Record<number, string>> = {
  0: 'i-am',
  1: 'i-have',
  2: 'unconfirmed-cov-notification',
  3: 'unconfirmed-event-notification',
  4: 'unconfirmed-private-transfer',
  5: 'unconfirmed-text-message',
  6: 'time-synchronization',
  7: 'who-has',
  8: 'who-is',
  9: 'utc-time-synchronization',
  10: 'write-group',
};

/** Confirmed services seen most (clause 21, BACnetConfirmedServiceChoice). */
export const confirmedServiceNames: Readonly<Record<number, string>> = {
  5: 'subscribe-cov',
  12: 'read-property',
  14: 'read-property-multiple',
  15: 'write-property',
  16: 'write-property-multiple',
  17: 'device-communication-control',
  20: 'reinitialize-device',
  26: 'read-range',
};
