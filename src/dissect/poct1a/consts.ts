/** Message types of POCT1-A2 (CLSI POCT1-A2, Device Messaging Layer), as XML root element names. */
export const messageTypes = new Set([
  'HEL.R01',
  'ACK.R01',
  'DST.R01',
  'REQ.R01',
  'OBS.R01',
  'OBS.R02',
  'EOT.R01',
  'END.R01',
  'DTV.R01',
  'DTV.R02',
  'DTV.JNL.R01',
  'OPL.R01',
  'OPL.R02',
  'EVS.R01',
  'KPA.R01',
]);

/** Device elements of HEL.R01 and what they identify (POCT1-A2 DEV segment). */
export const deviceElements: Readonly<Record<string, string>> = {
  'DEV.device_id': 'deviceId',
  'DEV.vendor_id': 'vendorId',
  'DEV.model_id': 'modelId',
  'DEV.serial_id': 'serialNumber',
  'DEV.manufacturer_name': 'manufacturer',
  'DEV.hw_version': 'hardwareVersion',
  'DEV.sw_version': 'softwareVersion',
  'DEV.device_name': 'deviceName',
};

/** Segments whose elements identify a patient (POCT1-A2 PT, and the operator's name in OPR). */
export const phiSegmentPrefixes = ['PT.', 'OPR.name'];

/** One message is buffered at most this long; observation lists can be long, device hellos are short. */
export const maxMessageBytes = 256 * 1024;
