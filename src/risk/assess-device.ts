import { type MedicalCvss, medicalCvss } from './medical-cvss.js';
import type { RiskInput } from './risk-input.js';
import type { RiskModel } from './risk-model.js';
import { type RiskScore, scoreDevice } from './score-device.js';
import { decideSsvc, type SsvcResult } from './ssvc.js';

/** A device's risk as `vigil risk --json` and `vigil device --json` (under `risk`) print it. */
export interface DeviceRisk extends RiskScore {
  deviceId: string;
  /** Per open vulnerability: CVSS for the medical context and CISA's SSVC decision, each with its path. */
  vulnerabilities: { id: string; status: string; medicalCvss: MedicalCvss; ssvc: SsvcResult }[];
}

const ssvcRank: Record<SsvcResult['decision'], number> = { Act: 0, Attend: 1, 'Track*': 2, Track: 3 };

/**
 * The score, its factors, and the prioritised vulnerabilities of one device.
 *
 * @example
 * const risks = (await gatherRiskInputs(store, model)).map((input) => assessDevice(input, model));
 */
export function assessDevice(input: RiskInput, model: RiskModel): DeviceRisk {
  const vulnerabilities = input.vulnerabilities
    .filter((vulnerability) => vulnerability.status !== 'applied')
    .map((vulnerability) => ({
      id: vulnerability.id,
      status: vulnerability.status,
      medicalCvss: medicalCvss(vulnerability, input),
      ssvc: decideSsvc(vulnerability, input.clinicalFunction),
    }))
    .sort(
      (a, b) =>
        ssvcRank[a.ssvc.decision] - ssvcRank[b.ssvc.decision] ||
        (b.medicalCvss.score ?? b.medicalCvss.baseScore) - (a.medicalCvss.score ?? a.medicalCvss.baseScore) ||
        a.id.localeCompare(b.id),
    );
  return { deviceId: input.deviceId, ...scoreDevice(input, model), vulnerabilities };
}
