import type { RegisterEntry } from './register-entry.js';
import type { RiskInput } from './risk-input.js';
import type { RiskModel } from './risk-model.js';
import { scoreDevice } from './score-device.js';

/** A registered risk with what it covers now and the risk left after the recorded controls. */
export interface RegisterItem extends RegisterEntry {
  deviceIds: string[];
  /** The highest score among its devices without their recorded controls, and with them. */
  inherentRisk: number;
  residualRisk: number;
  residualLevel: string;
  isOverdue: boolean;
  /** True for an accepted risk past its expiry: it needs a decision again. */
  isAcceptanceExpired: boolean;
}

/**
 * The register as analysts read it: each entry with its devices (the device, or every device of
 * the type), the inherent and residual risk (the worst device's score without and with its
 * controls), and whether it is overdue or its acceptance has expired.
 */
export function registerView(
  entries: readonly RegisterEntry[],
  inputs: readonly RiskInput[],
  model: RiskModel,
  today: string,
): RegisterItem[] {
  const day = today.slice(0, 10);
  return entries.map((entry) => {
    const covered = inputs.filter((input) =>
      entry.scope === 'device' ? input.deviceId === entry.subject : input.type === entry.subject,
    );
    let inherentRisk = 0;
    let residualRisk = 0;
    let residualLevel = 'low';
    for (const input of covered) {
      inherentRisk = Math.max(inherentRisk, scoreDevice({ ...input, controls: [] }, model).score);
      const residual = scoreDevice(input, model);
      if (residual.score >= residualRisk) {
        residualRisk = residual.score;
        residualLevel = residual.level;
      }
    }
    return {
      ...entry,
      deviceIds: covered.map((input) => input.deviceId).sort(),
      inherentRisk,
      residualRisk,
      residualLevel,
      isOverdue: entry.status === 'open' && entry.dueDate < day,
      isAcceptanceExpired:
        entry.treatment === 'accept' && entry.acceptedUntil !== null && entry.acceptedUntil < day,
    };
  });
}
