import type { DeviceRecord } from '../../inventory/device-record.js';
import { findingTitle } from '../../inventory/finding-types.js';
import type { Mds2Answer } from './mds2-form.js';

/**
 * Answers of the form the network can check, and the findings from traffic that contradict
 * them: a model said to encrypt patient data in transit whose DICOM, HL7 or FHIR crossed in
 * clear; said to permit no remote service yet answering telnet, VNC or RDP; said to admit only
 * authorised users yet serving VNC without a password or anonymous FTP.
 */
const checkedClaims: readonly {
  question: string;
  answer: 'Yes' | 'No';
  claim: string;
  contradictedBy: readonly string[];
}[] = [
  {
    question: 'TXCF-2',
    answer: 'Yes',
    claim: 'patient data is encrypted before it crosses the network',
    contradictedBy: ['phi-cleartext', 'dicom-no-tls', 'hl7-no-tls', 'fhir-no-tls'],
  },
  {
    question: 'RMOT-1',
    answer: 'No',
    claim: 'it permits no remote service connections',
    contradictedBy: ['telnet-service', 'vnc-no-authentication', 'rdp-without-nla'],
  },
  {
    question: 'AUTH-1',
    answer: 'Yes',
    claim: 'only authorised users can reach it',
    contradictedBy: ['vnc-no-authentication', 'anonymous-ftp'],
  },
];

export interface ContradictedClaim {
  question: string;
  answer: string;
  claim: string;
  /** The finding from traffic that contradicts it, with what it measured. */
  finding: { type: string; detail: string | null; evidence: DeviceRecord['findings'][number]['evidence'] };
  /** Both sides in one line: what the form says and what the network showed. */
  explanation: string;
}

/** The answers of `answers` that the device's own traffic contradicts. */
export function contradictedClaims(
  device: DeviceRecord,
  answers: readonly Mds2Answer[],
): ContradictedClaim[] {
  const found: ContradictedClaim[] = [];
  for (const checked of checkedClaims) {
    const answer = answers.find((candidate) => candidate.id === checked.question);
    if (answer?.answer !== checked.answer) continue;
    const finding = device.findings.find((candidate) => checked.contradictedBy.includes(candidate.type));
    if (finding === undefined) continue;
    found.push({
      question: checked.question,
      answer: answer.answer,
      claim: checked.claim,
      finding: { type: finding.type, detail: finding.detail, evidence: finding.evidence },
      explanation: `MDS2 ${checked.question} answers ${answer.answer}: ${checked.claim}; the traffic shows ${findingTitle(finding.type)} (${finding.detail ?? finding.summary})`,
    });
  }
  return found;
}
