import type { RiskInput } from './risk-input.js';
import type { RiskModel } from './risk-model.js';
import { scoreDevice } from './score-device.js';

/** One action considered: what it changes, on which devices, what it would save and cost. */
export interface WhatIfAction {
  /** `patch CVE-2017-0144` or `segment infusion pump`. */
  action: string;
  kind: 'patch' | 'segment';
  deviceIds: string[];
  /** Sum of the devices' scores now, and as if the action were done. */
  riskBefore: number;
  riskAfter: number;
  riskReduced: number;
  /** Rough person-hours, from the model's effort weights. */
  effort: number;
  reducedPerEffort: number;
}

/** Devices a segmentation policy puts together: enforcing its rules for them segments them. */
export interface SegmentGroup {
  /** `infusion pump in ICU (pol-2)`. */
  name: string;
  deviceIds: readonly string[];
}

/**
 * Ranks actions by risk reduced per unit of effort, by scoring the devices again as if the action
 * were done: applying the patch for one vulnerability on every device it is open on, or
 * segmenting a group (recording the `segmented` control): the groups of a segmentation policy
 * when one is given, else every device of one type. The inputs are not changed.
 *
 * @example
 * const [best] = rankActions(inputs, model); // e.g. patch CVE-2020-16216 on 4 devices: −120 points, 4 h
 */
export function rankActions(
  inputs: readonly RiskInput[],
  model: RiskModel,
  segmentGroups?: readonly SegmentGroup[],
): WhatIfAction[] {
  const scores = new Map(inputs.map((input) => [input.deviceId, scoreDevice(input, model).score]));
  const actions: WhatIfAction[] = [];
  const openOn = new Map<string, RiskInput[]>();
  for (const input of inputs) {
    for (const vulnerability of input.vulnerabilities) {
      if (vulnerability.status === 'applied') continue;
      const devices = openOn.get(vulnerability.id) ?? [];
      if (!devices.includes(input)) devices.push(input);
      openOn.set(vulnerability.id, devices);
    }
  }
  for (const [id, devices] of openOn) {
    const after = devices.map(
      (input) =>
        scoreDevice(
          {
            ...input,
            vulnerabilities: input.vulnerabilities.map((vulnerability) =>
              vulnerability.id === id ? { ...vulnerability, status: 'applied' } : vulnerability,
            ),
          },
          model,
        ).score,
    );
    actions.push(
      actionOf(`patch ${id}`, 'patch', devices, after, scores, devices.length * model.effort.patchPerDevice),
    );
  }
  const unsegmented = (input: RiskInput) => !input.controls.some((control) => control.name === 'segmented');
  const groups = new Map<string, RiskInput[]>();
  if (segmentGroups === undefined) {
    for (const input of inputs)
      if (input.type !== null && unsegmented(input))
        groups.set(input.type, [...(groups.get(input.type) ?? []), input]);
  } else {
    const byId = new Map(inputs.map((input) => [input.deviceId, input]));
    for (const group of segmentGroups) {
      const devices = group.deviceIds
        .map((id) => byId.get(id))
        .filter((input): input is RiskInput => input !== undefined && unsegmented(input));
      if (devices.length > 0) groups.set(group.name, devices);
    }
  }
  for (const [name, devices] of groups) {
    const after = devices.map(
      (input) =>
        scoreDevice(
          { ...input, controls: [...input.controls, { name: 'segmented', note: 'what-if' }] },
          model,
        ).score,
    );
    const effort = model.effort.segmentPerGroup + devices.length * model.effort.segmentPerDevice;
    actions.push(actionOf(`segment ${name}`, 'segment', devices, after, scores, effort));
  }
  return actions
    .filter((action) => action.riskReduced > 0)
    .sort(
      (a, b) =>
        b.reducedPerEffort - a.reducedPerEffort ||
        b.riskReduced - a.riskReduced ||
        a.action.localeCompare(b.action),
    );
}

function actionOf(
  action: string,
  kind: WhatIfAction['kind'],
  devices: RiskInput[],
  after: number[],
  scores: Map<string, number>,
  effort: number,
): WhatIfAction {
  const riskBefore = round1(devices.reduce((sum, input) => sum + (scores.get(input.deviceId) ?? 0), 0));
  const riskAfter = round1(after.reduce((sum, score) => sum + score, 0));
  const riskReduced = round1(riskBefore - riskAfter);
  return {
    action,
    kind,
    deviceIds: devices.map((input) => input.deviceId).sort(),
    riskBefore,
    riskAfter,
    riskReduced,
    effort: round1(effort),
    reducedPerEffort: effort > 0 ? round1(riskReduced / effort) : riskReduced,
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
