/**
 * POCT1-A2 messages (CLSI POCT1-A2 Device Messaging Layer) for the simulator: a device's hello
 * with its DEV segment, the data manager's acknowledgement, and an observation carrying the
 * patient and operator a meter records.
 */

function escape(value: string): string {
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
      `<DEV><DEV.device_id V="${escape(device.deviceId)}"/><DEV.vendor_id V="${escape(device.vendorId)}"/>` +
      `<DEV.model_id V="${escape(device.modelId)}"/><DEV.serial_id V="${escape(device.serialId)}"/>` +
      `<DEV.manufacturer_name V="${escape(device.manufacturerName)}"/><DEV.sw_version V="${escape(device.softwareVersion)}"/></DEV></HEL.R01>`,
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
    `<OBS.R01><HDR><HDR.control_id V="${controlId}"/></HDR><SVC><PT><PT.patient_id V="${escape(patient.id)}"/>` +
      `<PT.name V="${escape(patient.name)}"/></PT><OBS><OBS.observation_id V="${escape(observation.id)}"/>` +
      `<OBS.value V="${escape(observation.value)}"/></OBS></SVC></OBS.R01>`,
  );
}
