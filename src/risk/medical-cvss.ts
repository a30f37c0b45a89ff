import { CVSS } from '@turingpointde/cvss.js';
import type { RiskInput, RiskVulnerability } from './risk-input.js';

/** One environmental metric set for the medical context, and why. */
export interface RubricStep {
  metric: string;
  value: string;
  because: string;
}

export interface MedicalCvss {
  baseScore: number;
  /** The environmental score with the medical context's metrics (CVSS 3.x), or null when it cannot be computed. */
  score: number | null;
  vector: string | null;
  path: RubricStep[];
}

/**
 * CVSS adjusted for the medical context, along the lines of MITRE's Rubric for Applying CVSS to
 * Medical Devices (2020): the rubric's questions about patient harm and the device's network
 * become CVSS 3.x environmental metrics. Integrity and availability matter most where a patient
 * depends on the device (IR, AR high for life-sustaining and patient-connected ones);
 * confidentiality where it handles patient data (CR high); and a network attack vector counts as
 * adjacent when nothing outside the device's own networks was seen reaching it (MAV:A). Each
 * metric set is listed with its reason. CVSS 2.0 and 4.0 vectors are shown unadjusted.
 */
export function medicalCvss(vulnerability: RiskVulnerability, device: RiskInput): MedicalCvss {
  const baseScore = vulnerability.cvssScore ?? 0;
  const vector = vulnerability.cvssVector;
  if (vector === null || !/^CVSS:3\.[01]\//.test(vector)) {
    return {
      baseScore,
      score: null,
      vector: null,
      path: [
        {
          metric: 'version',
          value: vector ?? 'none',
          because: 'the rubric is applied to CVSS 3.x vectors only',
        },
      ],
    };
  }
  const clinical = device.clinicalFunction;
  const path: RubricStep[] = [];
  const isPatientFacing = clinical === 'life-sustaining' || clinical === 'patient-connected';
  const integrity =
    isPatientFacing || clinical === 'therapeutic' || clinical === 'diagnostic'
      ? 'H'
      : clinical === 'none'
        ? 'L'
        : 'M';
  path.push({
    metric: 'IR',
    value: integrity,
    because: `${clinical ?? 'untyped'}: ${integrity === 'H' ? 'altered therapy, alarms or results can harm a patient' : 'no direct patient harm from altered data'}`,
  });
  const availability = isPatientFacing ? 'H' : clinical === 'none' ? 'L' : 'M';
  path.push({
    metric: 'AR',
    value: availability,
    because: `${clinical ?? 'untyped'}: ${availability === 'H' ? 'a patient depends on it working' : 'care continues without it, slower'}`,
  });
  const confidentiality = device.phiEvidence !== null ? 'H' : clinical === 'none' ? 'L' : 'M';
  path.push({
    metric: 'CR',
    value: confidentiality,
    because: device.phiEvidence ?? 'no patient data seen in its traffic',
  });
  const adjustments = [`CR:${confidentiality}`, `IR:${integrity}`, `AR:${availability}`];
  if (/\/AV:N/.test(vector)) {
    const isReachedFromOutside = device.untrustedInbound.length > 0 || device.internetPeers > 0;
    if (!isReachedFromOutside) {
      adjustments.push('MAV:A');
      path.push({
        metric: 'MAV',
        value: 'A',
        because:
          'no connection from an untrusted network or the Internet was seen: reachable from its own networks only',
      });
    } else {
      path.push({ metric: 'MAV', value: 'N', because: 'reached from an untrusted network or the Internet' });
    }
  }
  const adjusted = `${vector.replace(/\/(CR|IR|AR|MAV):[A-Z]/g, '')}/${adjustments.join('/')}`;
  const calculator = CVSS(adjusted);
  return { baseScore, score: calculator.getEnvironmentalScore(), vector: adjusted, path };
}
