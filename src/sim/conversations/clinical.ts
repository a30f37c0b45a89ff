import {
  encodeAssociateAccept,
  encodeAssociateRequest,
  encodeCStoreRequest,
  encodeCStoreResponse,
  encodeDataset,
  encodeDataTransfer,
  encodeReleaseRequest,
  encodeReleaseResponse,
} from '../../dissect/dicom/encode.js';
import { encodeMllpMessage } from '../../dissect/hl7/encode.js';
import { encodeHttpRequest, encodeHttpResponse } from '../../dissect/http/encode.js';
import {
  encodePoctAcknowledgement,
  encodePoctHello,
  encodePoctObservation,
} from '../../dissect/poct1a/encode.js';
import { encodeDpwsGet, encodeDpwsGetResponse, encodeWsDiscoveryHello } from '../../dissect/sdc/encode.js';
import { inventedPatient, openConnection, type SimContext, service } from '../context.js';
import type { SimDevice } from '../hospital.js';
import { writeUdp } from '../packets.js';

const dicomPort = 104;
const mllpPort = 2575;
const poctPort = 7001;

/** A modality sends a study to the PACS: association, C-STOREs of its images (data sets naming it and an invented patient), release. */
export function storeStudy(context: SimContext, modality: SimDevice, atUs: number): number {
  const pacs = service(context, 'pacs');
  const sopClassUid = modality.kind.sopClassUid!;
  const identity = {
    callingAeTitle: modality.aeTitle,
    calledAeTitle: pacs.aeTitle,
    implementationClassUid: '1.2.840.113619.6.408',
    implementationVersionName:
      `${modality.make.manufacturer.split(' ')[0]!.toUpperCase()}_${modality.firmware}`.slice(0, 16),
    maxPduLength: 16_384,
  };
  const session = openConnection(context, modality, pacs, dicomPort, atUs);
  session.send(true, encodeAssociateRequest(identity, [sopClassUid]));
  session.send(
    false,
    encodeAssociateAccept(
      {
        ...identity,
        implementationClassUid: '1.2.840.113619.6.94',
        implementationVersionName: 'CENTRICITY_7',
      },
      1,
    ),
  );
  const patient = inventedPatient(context);
  const study = `1.2.826.0.1.3680043.10.1234.${context.random.below(1e9)}`;
  const images = 2 + context.random.below(4);
  for (let image = 1; image <= images; image += 1) {
    const instance = `${study}.${image}`;
    const dataset = encodeDataset([
      [0x0008_0016, 'UI', sopClassUid],
      [0x0008_0018, 'UI', instance],
      [0x0008_0060, 'CS', modality.kind.modality!],
      [0x0008_0070, 'LO', modality.make.manufacturer],
      [0x0008_0080, 'LO', 'SIMULATED GENERAL HOSPITAL'],
      [0x0008_1010, 'SH', modality.hostname.toUpperCase().slice(0, 16)],
      [0x0008_1090, 'LO', modality.model],
      [0x0010_0010, 'PN', patient.name],
      [0x0010_0020, 'LO', patient.id],
      [0x0010_0030, 'DA', patient.birthDate],
      [0x0018_1000, 'LO', modality.serial],
      [0x0018_1020, 'LO', modality.firmware],
      [0x0020_000d, 'UI', study],
      [0x7fe0_0010, 'OW', context.random.bytes(4096)],
    ]);
    session.send(true, encodeDataTransfer(1, true, encodeCStoreRequest(image, sopClassUid, instance)));
    session.send(true, encodeDataTransfer(1, false, dataset));
    session.send(false, encodeDataTransfer(1, true, encodeCStoreResponse(image, sopClassUid, instance)));
  }
  session.send(true, encodeReleaseRequest());
  session.send(false, encodeReleaseResponse());
  session.close();
  context.truth.speaks(modality, 'dicom');
  context.truth.speaks(pacs, 'dicom');
  context.truth.raises(pacs, 'dicom-no-tls', 'phi-cleartext');
  context.truth.raises(modality, 'phi-cleartext');
  return session.atUs;
}

function hl7Timestamp(atUs: number): string {
  return new Date(atUs / 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function sendHl7(
  context: SimContext,
  sender: SimDevice,
  segments: string[],
  controlId: string,
  atUs: number,
): number {
  const engine = service(context, 'interface-engine');
  const session = openConnection(context, sender, engine, mllpPort, atUs);
  session.send(true, encodeMllpMessage(segments));
  const [, , , sendingApplication, sendingFacility] = segments[0]!.split('|');
  session.send(
    false,
    encodeMllpMessage([
      `MSH|^~\\&|INTERFACE-ENGINE|HOSPITAL|${sendingApplication}|${sendingFacility}|${hl7Timestamp(atUs)}||ACK^R01|ACK${controlId}|P|2.5.1`,
      `MSA|AA|${controlId}`,
    ]),
  );
  session.close();
  context.truth.speaks(sender, 'hl7');
  context.truth.speaks(engine, 'hl7');
  context.truth.raises(engine, 'hl7-no-tls', 'phi-cleartext');
  context.truth.raises(sender, 'phi-cleartext');
  return session.atUs;
}

/** A device's results as HL7 ORU^R01 to the interface engine over MLLP, acknowledged. */
export function sendResults(context: SimContext, device: SimDevice, atUs: number): number {
  const patient = inventedPatient(context);
  const controlId = `${device.index}-${context.random.below(1e9)}`;
  const application = device.hostname.toUpperCase();
  return sendHl7(
    context,
    device,
    [
      `MSH|^~\\&|${application}|${device.kind.zone.toUpperCase()}|EHR|HOSPITAL|${hl7Timestamp(atUs)}||ORU^R01^ORU_R01|${controlId}|P|2.5.1`,
      `PID|1||${patient.id}^^^HOSP^MR||${patient.name}||${patient.birthDate}`,
      'OBR|1||1|8867-4^Heart rate^LN',
      `OBX|1|NM|8867-4^Heart rate^LN||${60 + context.random.below(60)}|/min|||||F`,
    ],
    controlId,
    atUs,
  );
}

/** The EHR's admissions as HL7 ADT^A01 to the interface engine. */
export function sendAdmission(context: SimContext, ehr: SimDevice, atUs: number): number {
  const patient = inventedPatient(context);
  const controlId = `ADT${context.random.below(1e9)}`;
  return sendHl7(
    context,
    ehr,
    [
      `MSH|^~\\&|EHR|HOSPITAL|INTERFACE-ENGINE|HOSPITAL|${hl7Timestamp(atUs)}||ADT^A01^ADT_A01|${controlId}|P|2.5.1`,
      `EVN|A01|${hl7Timestamp(atUs)}`,
      `PID|1||${patient.id}^^^HOSP^MR||${patient.name}||${patient.birthDate}`,
      'PV1|1|I|ICU^12^1',
    ],
    controlId,
    atUs,
  );
}

/** A point-of-care meter docks: hello with its identity, acknowledgement, a result for an invented patient. */
export function uploadPointOfCare(context: SimContext, meter: SimDevice, atUs: number): number {
  const manager = service(context, 'poc-manager');
  const session = openConnection(context, meter, manager, poctPort, atUs);
  const controlId = 1 + context.random.below(1e6);
  session.send(
    true,
    encodePoctHello(controlId, {
      deviceId: meter.hostname,
      vendorId: meter.make.manufacturer.toUpperCase(),
      modelId: meter.model,
      serialId: meter.serial,
      manufacturerName: meter.make.manufacturer,
      softwareVersion: meter.firmware,
    }),
  );
  session.send(false, encodePoctAcknowledgement(controlId + 1, controlId));
  const patient = inventedPatient(context);
  session.send(
    true,
    encodePoctObservation(controlId + 2, patient, {
      id: '2345-7',
      value: (4 + context.random.next() * 4).toFixed(1),
    }),
  );
  session.send(false, encodePoctAcknowledgement(controlId + 3, controlId + 2));
  session.close();
  context.truth.speaks(meter, 'poct1a');
  context.truth.speaks(manager, 'poct1a');
  context.truth.raises(meter, 'phi-cleartext');
  context.truth.raises(manager, 'phi-cleartext');
  return session.atUs;
}

function sdcEndpointOf(device: SimDevice): string {
  return `urn:uuid:${device.mac.replaceAll(':', '')}-0000-4000-8000-${device.serial.padStart(12, '0').slice(-12)}`;
}

/** An SDC provider's WS-Discovery Hello to the multicast group, with its component type and location (IEEE 11073-20701 §9). */
export function announceSdcProvider(context: SimContext, device: SimDevice, atUs: number): number {
  const bed = 1 + (device.index % 24);
  const hello = encodeWsDiscoveryHello({
    messageId: `urn:uuid:${context.random.uuid()}`,
    endpoint: sdcEndpointOf(device),
    isMedicalDevice: true,
    scopes: [
      'sdc.cdc.type:///69798',
      `sdc.ctxt.loc:/sdc.ctxt.loc.detail/HOSP%2FA%2F3%2FICU%2F${bed}%2F1?fac=HOSP&bldng=A&flr=3&poc=ICU&rm=${bed}&bed=1`,
    ],
    xAddrs: [`http://${device.ip}:6464/${device.hostname}`],
  });
  context.truth.speaks(device, 'ws-discovery', 'sdc');
  return writeUdp(
    context.stream,
    { mac: device.mac, ip: device.ip, port: 3702 },
    { mac: '01:00:5e:7f:ff:fa', ip: '239.255.255.250', port: 3702 },
    hello,
    atUs,
  );
}

/**
 * A central station (or, in a hospital without one, the service laptop) fetches an SDC
 * provider's DPWS metadata from the address its Hello gave: manufacturer, model, firmware,
 * serial number, over plain HTTP as SDC devices on closed networks often still serve it.
 */
export function fetchSdcMetadata(context: SimContext, device: SimDevice, atUs: number): number {
  const stations = context.hospital.devices.filter((d) => d.kind.type === 'central station');
  const client =
    stations.length > 0 ? stations[device.index % stations.length]! : service(context, 'service-laptop');
  const messageId = `urn:uuid:${context.random.uuid()}`;
  const session = openConnection(context, client, device, 6464, atUs);
  const soap = { 'Content-Type': 'application/soap+xml; charset=utf-8' };
  session.send(
    true,
    encodeHttpRequest(
      'POST',
      `/${device.hostname}`,
      { Host: `${device.ip}:6464`, ...soap },
      encodeDpwsGet(sdcEndpointOf(device), messageId),
    ),
  );
  const metadata = encodeDpwsGetResponse(messageId, {
    manufacturer: device.make.manufacturer,
    modelName: device.model,
    friendlyName: device.hostname,
    firmwareVersion: device.firmware,
    serialNumber: device.serial,
  });
  session.send(false, encodeHttpResponse(200, 'OK', soap, metadata));
  session.close();
  context.truth.speaks(device, 'http');
  context.truth.speaks(client, 'http');
  return session.atUs;
}
