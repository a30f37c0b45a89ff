import { type MedicalCvss, medicalCvss } from './medical-cvss.js';
import type { RiskInput } from './risk-input.js';
import type { RiskModel } from './risk-model.js';
import { plainFactorName, riskReason } from './risk-reason.js';
import { type RiskFactor, type RiskScore, scoreDevice } from './score-device.js';
import { decideSsvc, type SsvcResult } from './ssvc.js';

/** A device's risk as `vigil risk --json` and `vigil device --json` (under `risk`) print it. */
export interface DeviceRisk extends RiskScore {
  deviceId: string;
  /** The score's factors, each with `label`, its name in plain words (`logins in clear text`). */
  factors: (RiskFactor & { label: string })[];
  /** Per open vulnerability: CVSS for the medical context and CISA's SSVC decision, each with its path. */
  vulnerabilities: { id: string; status: string; medicalCvss: MedicalCvss; ssvc: SsvcResult }[];
  /** Why, in a few words: the largest factors (`life-sustaining device; logins in clear text; telnet open`). */
  reason: string;
  /**
   * Said when the level and the vulnerabilities' SSVC decisions point different ways (a critical
   * score whose vulnerabilities are all Track, a low one with an Act): what decides the level. Else null.
   */
  levelNote: string | null;
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
  const score = scoreDevice(input, model);
  const reason = riskReason(score.factors);
  return {
    deviceId: input.deviceId,
    ...score,
    factors: score.factors.map((factor) => ({ ...factor, label: plainFactorName(factor.name) })),
    vulnerabilities,
    reason,
    levelNote: levelNoteOf(score.level, vulnerabilities, reason),
  };
}

function levelNoteOf(
  level: RiskScore['level'],
  vulnerabilities: DeviceRisk['vulnerabilities'],
  reason: string,
): string | null {
  if (vulnerabilities.length === 0) return null;
  const tracked = vulnerabilities.every((vulnerability) => vulnerability.ssvc.decision.startsWith('Track'));
  if ((level === 'critical' || level === 'high') && tracked)
    return `${level === 'critical' ? 'Critical' : 'High'} although SSVC says Track for each of its ${vulnerabilities.length} vulnerabilities (none known to be exploited): the level comes from ${reason}.`;
  const act = vulnerabilities.find((vulnerability) => vulnerability.ssvc.decision === 'Act');
  if ((level === 'low' || level === 'medium') && act !== undefined)
    return `Only ${level} by score, but SSVC says Act for ${act.id}: act on that vulnerability whatever the score.`;
  return null;
}
