import { attributeConfidence } from '../../inventory/attribute-confidence.js';
import type { DraftBook } from '../../inventory/draft-book.js';
import { sopClasses, storageSopClassPrefix } from './consts.js';
import type {
  DicomAssociationObservation,
  DicomCommandObservation,
  DicomDatasetObservation,
  DicomSummaryObservation,
} from './observation.js';

/**
 * Calling AE titles that tools use when none is configured (dcmtk's echoscu, storescu, findscu,
 * movescu, getscu; `ANY-SCU` of many toolkits). A node accepting one does not check who calls.
 */
const toolDefaultAeTitles = new Set(['ECHOSCU', 'STORESCU', 'FINDSCU', 'MOVESCU', 'GETSCU', 'ANY-SCU']);

/**
 * DICOM: AE titles, implementations and roles from associations and commands; the equipment
 * that made the images from their data sets; findings for cleartext associations, nodes that
 * accept anyone, and patient data seen in clear.
 */
export function foldDicom(
  book: DraftBook,
  observation:
    | DicomAssociationObservation
    | DicomCommandObservation
    | DicomDatasetObservation
    | DicomSummaryObservation,
): void {
  const server = book.deviceForIp(observation.server.ip, observation);
  const client = book.deviceForIp(observation.client.ip, observation);
  book.addProtocol(server, 'dicom', observation.timestampMs);
  book.addProtocol(client, 'dicom', observation.timestampMs);
  const add = (device: typeof server, name: string, value: string | undefined, confidence: number) => {
    if (value !== undefined && value !== '')
      book.addAttribute(device, name, value, observation.kind, confidence, observation);
  };
  switch (observation.kind) {
    case 'dicom.association': {
      add(client, 'dicom.ae-title', observation.callingAeTitle, attributeConfidence.selfDescription);
      add(
        client,
        'dicom.implementation',
        implementationOf(
          observation.requestorImplementationVersionName,
          observation.requestorImplementationClassUid,
        ),
        attributeConfidence.softwareFromBanner,
      );
      if (!observation.isAccepted) return;
      // The acceptor answered to this title, so it is one of its own.
      add(server, 'dicom.ae-title', observation.calledAeTitle, attributeConfidence.selfDescription);
      add(
        server,
        'dicom.implementation',
        implementationOf(
          observation.acceptorImplementationVersionName,
          observation.acceptorImplementationClassUid,
        ),
        attributeConfidence.softwareFromBanner,
      );
      book.addFinding(server, 'dicom-no-tls', observation);
      if (toolDefaultAeTitles.has(observation.callingAeTitle.toUpperCase()))
        book.addFinding(
          server,
          'dicom-promiscuous-scp',
          observation,
          `accepted calling AE title ${observation.callingAeTitle}`,
        );
      return;
    }
    case 'dicom.command': {
      if (!observation.command.endsWith('-RQ')) return;
      const sender = observation.isFromInitiator ? client : server;
      const receiver = observation.isFromInitiator ? server : client;
      const service = serviceOf(observation.command, observation.sopClass);
      if (service === undefined) return;
      const confidence = attributeConfidence.roleFromBehaviour;
      add(sender, 'dicom.role', `${service.name}-scu`, confidence);
      add(receiver, 'dicom.role', `${service.name}-scp`, confidence);
      add(sender, 'clinical.role', service.senderRole, attributeConfidence.clinicalRoleFromMessages);
      add(receiver, 'clinical.role', service.receiverRole, attributeConfidence.clinicalRoleFromMessages);
      return;
    }
    case 'dicom.dataset': {
      // The General Equipment module names the equipment that made the object: the sender's
      // own only when the sender is the modality, hence the lower confidence.
      if (observation.command !== 'C-STORE-RQ') return;
      const sender = observation.isFromInitiator ? client : server;
      const confidence = attributeConfidence.identityFromDicomDataset;
      add(sender, 'manufacturer', observation.manufacturer, confidence);
      add(sender, 'model', observation.model, confidence);
      add(sender, 'serial-number', observation.serialNumber, confidence);
      add(sender, 'software-version', observation.softwareVersions, confidence);
      add(sender, 'modality', observation.modality, confidence);
      add(sender, 'dicom.station-name', observation.stationName, confidence);
      add(sender, 'dicom.institution', observation.institutionName, confidence);
      return;
    }
    case 'dicom.summary': {
      if (observation.datasetsWithPhi === 0) return;
      const measure = {
        subject: 'DICOM',
        unit: 'data sets',
        count: observation.datasetsWithPhi,
        total: observation.datasets,
        names: observation.phiElements,
      };
      book.measureFinding(server, 'phi-cleartext', observation, measure);
      book.measureFinding(client, 'phi-cleartext', observation, measure);
    }
  }
}

function implementationOf(versionName: string | undefined, classUid: string | undefined): string | undefined {
  if (versionName !== undefined && versionName !== '')
    return classUid === undefined ? versionName : `${versionName} (${classUid})`;
  return classUid;
}

/** The DIMSE service a request belongs to, and the clinical roles it implies for each side. */
function serviceOf(
  command: string,
  sopClass: string | undefined,
): { name: string; senderRole: string | undefined; receiverRole: string | undefined } | undefined {
  if (command === 'C-ECHO-RQ')
    return { name: 'verification', senderRole: undefined, receiverRole: undefined };
  if (command === 'C-STORE-RQ') {
    const modality = sopClass === undefined ? undefined : sopClasses[sopClass]?.modality;
    const isImage = modality !== undefined && !['OT', 'SR', 'DOC'].includes(modality);
    return {
      name: 'storage',
      senderRole: isImage && sopClass?.startsWith(storageSopClassPrefix) ? `${modality} modality` : undefined,
      receiverRole: 'PACS/archive',
    };
  }
  if (command === 'C-FIND-RQ') {
    if (sopClass === '1.2.840.10008.5.1.4.31')
      return {
        name: 'worklist',
        senderRole: 'modality (worklist client)',
        receiverRole: 'worklist provider (RIS)',
      };
    return { name: 'query', senderRole: undefined, receiverRole: 'PACS/archive' };
  }
  if (command === 'C-MOVE-RQ' || command === 'C-GET-RQ')
    return { name: 'retrieve', senderRole: undefined, receiverRole: 'PACS/archive' };
  return { name: command.slice(0, -3).toLowerCase(), senderRole: undefined, receiverRole: undefined };
}
