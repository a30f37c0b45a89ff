/**
 * POCT1-A2 messages (CLSI POCT1-A2 Device Messaging Layer) for the simulator: a device's hello
 * with its DEV segment, the data manager's acknowledgement, and an observation carrying the
 * patient and operator a meter records.
 */

function xmlAttribute(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

export interface PoctDevice {
  deviceId: string;
  vendorId: string;
  modelId: string;
  serialId: string;
  manufacturerName: string;
  softwareVersion: string;
}

export function encodePoctHello(controlId: number, device: PoctDevice): Buffer {
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><HEL.R01><HDR><HDR.control_id V="${controlId}"/><HDR.version_id V="POCT1"/></HDR>` +
      `<DEV><DEV.device_id V="${xmlAttribute(device.deviceId)}"/><DEV.vendor_id V="${xmlAttribute(device.vendorId)}"/>` +
      `<DEV.model_id V="${xmlAttribute(device.modelId)}"/><DEV.serial_id V="${xmlAttribute(device.serialId)}"/>` +
      `<DEV.manufacturer_name V="${xmlAttribute(device.manufacturerName)}"/><DEV.sw_version V="${xmlAttribute(device.softwareVersion)}"/></DEV></HEL.R01>`,
  );
}

export function encodePoctAcknowledgement(controlId: number, acknowledgedId: number): Buffer {
  return Buffer.from(
    `<ACK.R01><HDR><HDR.control_id V="${controlId}"/><HDR.version_id V="POCT1"/></HDR>` +
      `<ACK><ACK.type_cd V="AA"/><ACK.ack_control_id V="${acknowledgedId}"/></ACK></ACK.R01>`,
  );
}

export function encodePoctObservation(
  controlId: number,
  patient: { id: string; name: string },
  observation: { id: string; value: string },
): Buffer {
  return Buffer.from(
    `<OBS.R01><HDR><HDR.control_id V="${controlId}"/></HDR><SVC><PT><PT.patient_id V="${xmlAttribute(patient.id)}"/>` +
      `<PT.name V="${xmlAttribute(patient.name)}"/></PT><OBS><OBS.observation_id V="${xmlAttribute(observation.id)}"/>` +
      `<OBS.value V="${xmlAttribute(observation.value)}"/></OBS></SVC></OBS.R01>`,
  );
}
