import { mds2Capabilities } from '../govern/mds2/mds2-capabilities.js';
import { withArticle } from '../plain-words.js';
import type { RiskInput, RiskVulnerability } from './risk-input.js';
import type { RiskModel } from './risk-model.js';
import { decideSsvc } from './ssvc.js';

/** One named part of a score: how many of the score's points it accounts for, and why. */
export interface RiskFactor {
  name: string;
  /** `impact`, `likelihood` or `control` (controls have negative contributions). */
  kind: 'impact' | 'likelihood' | 'control';
  /** Points of the 0–100 score; the contributions add up to the score. */
  contribution: number;
  evidence: string;
}

export interface RiskScore {
  score: number;
  level: 'low' | 'medium' | 'high' | 'critical';
  /** 0 to 1. */
  impact: number;
  /** 0 to 1, after compensating controls. */
  likelihood: number;
  /** Largest contribution first. */
  factors: RiskFactor[];
}

interface Part {
  name: string;
  value: number;
  evidence: string;
}

/**
 * Scores a device: 100 × impact × likelihood. Impact adds the clinical function, patient data
 * and network reach (capped at 1); likelihood combines independent evidence as 1 − Π(1 − p) and
 * is then scaled down by each compensating control. So adding a vulnerability or a finding never
 * lowers a score, adding a control never raises one, and the same input always gives the same
 * score.
 *
 * Each factor's contribution is its share of the product: an impact part ΔI gets 50·ΔI·L, a
 * likelihood part ΔL gets 50·I·ΔL (likelihood parts taken largest first), so the contributions
 * add up to the score exactly.
 *
 * @example
 * const { score, level, factors } = scoreDevice(input, loadRiskModel());
 */
export function scoreDevice(input: RiskInput, model: RiskModel): RiskScore {
  const impactParts = impactPartsOf(input, model);
  const impactRaw = impactParts.reduce((sum, part) => sum + part.value, 0);
  const impact = Math.min(1, impactRaw);
  const impactScale = impactRaw > 1 ? 1 / impactRaw : 1;

  const likelihoodParts = likelihoodPartsOf(input, model).sort(
    (a, b) => b.value - a.value || a.name.localeCompare(b.name) || a.evidence.localeCompare(b.evidence),
  );
  let likelihood = 0;
  const likelihoodSteps: { part: Part; delta: number }[] = [];
  for (const part of likelihoodParts) {
    const next = 1 - (1 - likelihood) * (1 - part.value);
    likelihoodSteps.push({ part, delta: next - likelihood });
    likelihood = next;
  }
  const controlSteps: { part: Part; delta: number }[] = [];
  const controls = [...input.controls].sort(
    (a, b) => a.name.localeCompare(b.name) || (a.note ?? '').localeCompare(b.note ?? ''),
  );
  for (const control of controls) {
    const reduction = model.controls[control.name] ?? 0;
    const next = likelihood * (1 - reduction);
    controlSteps.push({
      part: {
        name: `control: ${control.name}`,
        value: reduction,
        evidence: control.note ?? `recorded by an analyst`,
      },
      delta: next - likelihood,
    });
    likelihood = next;
  }

  const factors: RiskFactor[] = [
    ...impactParts.map((part) => ({
      name: part.name,
      kind: 'impact' as const,
      contribution: 50 * part.value * impactScale * likelihood,
      evidence: part.evidence,
    })),
    ...likelihoodSteps.map(({ part, delta }) => ({
      name: part.name,
      kind: 'likelihood' as const,
      contribution: 50 * impact * delta,
      evidence: part.evidence,
    })),
    ...controlSteps.map(({ part, delta }) => ({
      name: part.name,
      kind: 'control' as const,
      contribution: 50 * impact * delta,
      evidence: part.evidence,
    })),
  ]
    .map((factor) => ({ ...factor, contribution: Math.round(factor.contribution * 10) / 10 }))
    .sort(
      (a, b) =>
        Math.abs(b.contribution) - Math.abs(a.contribution) ||
        a.name.localeCompare(b.name) ||
        a.evidence.localeCompare(b.evidence),
    );
  const score = Math.round(100 * impact * likelihood * 10) / 10;
  const level =
    score >= model.levels.critical
      ? 'critical'
      : score >= model.levels.high
        ? 'high'
        : score >= model.levels.medium
          ? 'medium'
          : 'low';
  return { score, level, impact: round3(impact), likelihood: round3(likelihood), factors };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function impactPartsOf(input: RiskInput, model: RiskModel): Part[] {
  const clinicalFunction = input.clinicalFunction ?? 'unknown';
  const parts: Part[] = [
    {
      name: `clinical function: ${clinicalFunction}`,
      value: model.impact.clinicalFunction[clinicalFunction] ?? model.impact.clinicalFunction.unknown ?? 0,
      evidence:
        input.type === null
          ? 'the device is not typed yet: the model assumes an unknown function'
          : `${withArticle(input.type)} is ${clinicalFunction} (data/classification/taxonomy.json)`,
    },
  ];
  if (input.phiEvidence !== null) {
    parts.push({ name: 'handles patient data', value: model.impact.phiHandled, evidence: input.phiEvidence });
  }
  const peers = input.inboundPeers + input.outboundPeers;
  if (peers > 0) {
    const reach = Math.min(1, Math.log1p(peers) / Math.log1p(model.impact.blastRadiusPeersForMax));
    parts.push({
      name: 'network reach',
      value: model.impact.blastRadiusMax * reach,
      evidence: `${input.inboundPeers} devices connect to it, it connects to ${input.outboundPeers}`,
    });
  }
  return parts;
}

function likelihoodPartsOf(input: RiskInput, model: RiskModel): Part[] {
  const weights = model.likelihood;
  const parts: Part[] = [];
  const open = input.vulnerabilities.filter((vulnerability) => vulnerability.status !== 'applied');
  const unexploited: Part[] = [];
  for (const vulnerability of open) {
    const discount =
      (vulnerability.certainty === 'uncertain' ? weights.uncertainMatch : 1) *
      (vulnerability.status === 'mitigated' ? weights.mitigatedVulnerability : 1);
    const exploited = vulnerability.kevDateAdded === null ? 0 : weights.knownExploited;
    const exploitable = cvssLikelihood(vulnerability, model);
    const value = (1 - (1 - exploited) * (1 - exploitable)) * discount;
    if (value <= 0) continue;
    const reasons = [
      ...(vulnerability.kevDateAdded === null
        ? []
        : [`known exploited (CISA KEV since ${vulnerability.kevDateAdded})`]),
      ...(vulnerability.cvssVector === null
        ? []
        : [`CVSS ${vulnerability.cvssScore} ${vulnerability.cvssVector}`]),
      ...(vulnerability.certainty === 'uncertain' ? ['match uncertain'] : []),
      ...(vulnerability.status === 'mitigated' ? ['mitigated'] : []),
    ];
    const part = { name: `vulnerability ${vulnerability.id}`, value, evidence: reasons.join('; ') };
    if (isExploitationSeen(vulnerability)) parts.push(part);
    else unexploited.push(part);
  }
  parts.push(...capTogether(unexploited, weights.unexploitedVulnerabilitiesMax ?? 1));
  const withEpss = open.filter((vulnerability) => vulnerability.epss !== null);
  if (withEpss.length > 0) {
    // Ties broken by id, then percentile: the same vulnerabilities in any order give the same evidence.
    const [top] = [...withEpss].sort(
      (a, b) =>
        (b.epss ?? 0) - (a.epss ?? 0) ||
        a.id.localeCompare(b.id) ||
        (b.epssPercentile ?? -1) - (a.epssPercentile ?? -1),
    ) as [RiskVulnerability];

    parts.push({
      name: 'exploitation expected (EPSS)',
      value: (top.epss ?? 0) * weights.epssWeight,
      evidence: `${top.id}: EPSS ${top.epss} (percentile ${top.epssPercentile}), the highest of its open vulnerabilities`,
    });
  }
  const seenFindings = new Set<string>();
  const findings = [...input.findings].sort(
    (a, b) => a.type.localeCompare(b.type) || (a.detail ?? '').localeCompare(b.detail ?? ''),
  );
  for (const finding of findings) {
    const value = weights.findings[finding.type];
    if (value === undefined || seenFindings.has(finding.type)) continue;
    seenFindings.add(finding.type);
    parts.push({
      name: `finding: ${finding.type}`,
      value,
      evidence: finding.detail ?? `seen in traffic (${finding.type})`,
    });
  }
  for (const claim of input.manufacturerClaims ?? []) {
    const capability = mds2Capabilities.find((candidate) => candidate.name === claim.capability);
    const value = weights.mds2?.[claim.capability];
    if (capability === undefined || value === undefined) continue;
    const answer = claim.value === 'yes' ? 'Yes' : 'No';
    if (answer !== capability.risk) continue;
    parts.push({
      name: `manufacturer: ${answer === 'No' ? 'no ' : ''}${capability.label}`,
      value,
      evidence: `MDS2 ${capability.question}: ${answer} (${claim.source.split(' ')[0]})`,
    });
  }
  if (input.supportEnded !== undefined && weights.endOfSupport !== undefined) {
    const ended = input.supportEnded;
    parts.push({
      name: 'manufacturer support ended',
      value: weights.endOfSupport,
      evidence: `${ended.model}: ${ended.what} ended ${ended.date} (${ended.source})`,
    });
  }
  // Dated support (data/lifecycle) decides for the systems it lists; the model's name patterns for the rest.
  const dated = input.operatingSystemLifecycle ?? [];
  const endedOnDate = dated.find((system) => system.ended);
  const endOfLife = input.operatingSystems.find(
    (system) =>
      !dated.some((known) => known.system === system) &&
      weights.endOfLifeOsPatterns.some((pattern) => system.toLowerCase().includes(pattern.toLowerCase())),
  );
  if (endedOnDate !== undefined) {
    parts.push({
      name: 'end-of-life operating system',
      value: weights.endOfLifeOs,
      evidence: `${endedOnDate.system}: security updates for ${endedOnDate.release} ended ${endedOnDate.endOfSecurityUpdates} (${endedOnDate.source})`,
    });
  } else if (endOfLife !== undefined) {
    parts.push({
      name: 'end-of-life operating system',
      value: weights.endOfLifeOs,
      evidence: `${endOfLife} receives no security updates`,
    });
  }
  if (input.internetPeers > 0) {
    parts.push({
      name: 'Internet traffic',
      value: weights.internetTraffic,
      evidence: `exchanged traffic with ${input.internetPeers} Internet addresses`,
    });
  }
  const alertWeights = weights.openAlert;
  if (alertWeights !== undefined && input.openAlerts !== undefined && input.openAlerts.length > 0) {
    // The strongest open alert counts; the others are named. Alerts about one attack are not
    // independent chances of compromise.
    const [strongest] = [...input.openAlerts].sort(
      (a, b) => (alertWeights[b.severity] ?? 0) - (alertWeights[a.severity] ?? 0) || a.id.localeCompare(b.id),
    ) as [NonNullable<RiskInput['openAlerts']>[number]];
    const others = input.openAlerts.length - 1;
    parts.push({
      name: `open alert: ${strongest.type}`,
      value: alertWeights[strongest.severity] ?? 0,
      evidence: `${strongest.id} (${strongest.severity}): ${strongest.summary}${others > 0 ? `; ${others} more open alerts name it` : ''}`,
    });
  }
  if (input.untrustedInbound.length > 0) {
    const [first] = [...input.untrustedInbound].sort(
      (a, b) => a.address.localeCompare(b.address) || a.network.localeCompare(b.network),
    ) as [{ network: string; address: string }];
    parts.push({
      name: 'reachable from an untrusted network',
      value: weights.untrustedInbound,
      evidence: `${input.untrustedInbound.length} connections or attempts from untrusted networks, first from ${first.address} (${first.network})`,
    });
  }
  return parts;
}

/**
 * Whether anything says the vulnerability is exploited or has exploit code: SSVC's exploitation
 * point other than `none` (KEV, CVSS 4.0 E:A, EPSS top 5 %, exploit maturity in the vector).
 */
function isExploitationSeen(vulnerability: RiskVulnerability): boolean {
  return decideSsvc(vulnerability, null).path[0]?.value !== 'none';
}

/**
 * Vulnerabilities nobody is known to exploit are not independent chances of compromise (one
 * advisory often lists eight flaws of one firmware), and SSVC answers each of them "Track": taken
 * together they may give at most `max` of likelihood. When they would give more, each is scaled
 * by the same factor (found by bisection), so the ranking among them and the sum of the
 * contributions are kept, and the evidence says so.
 */
function capTogether(parts: Part[], max: number): Part[] {
  const combined = (scale: number) => 1 - parts.reduce((rest, part) => rest * (1 - part.value * scale), 1);
  if (combined(1) <= max) return parts;
  let low = 0;
  let high = 1;
  for (let step = 0; step < 40; step++) {
    const middle = (low + high) / 2;
    if (combined(middle) > max) high = middle;
    else low = middle;
  }
  const note = `counted with the other ${parts.length - 1} vulnerabilities without known exploitation, together at most ${Math.round(max * 100)} % likelihood`;
  return parts.map((part) => ({ ...part, value: part.value * low, evidence: `${part.evidence}; ${note}` }));
}

/**
 * How far a CVSS vector says the vulnerability is within an attacker's reach: its base score
 * scaled by the attack vector, privileges and user interaction it needs.
 */
function cvssLikelihood(vulnerability: RiskVulnerability, model: RiskModel): number {
  if (vulnerability.cvssVector === null || vulnerability.cvssScore === null) return 0;
  const metric = (name: string) =>
    new RegExp(`(?:^|/)${name}:([A-Z])`).exec(vulnerability.cvssVector as string)?.[1];
  const weights = model.likelihood;
  const attackVector = weights.cvssAttackVector[metric('AV') ?? 'N'] ?? 1;
  const privileges = weights.cvssPrivilegesRequired[metric('PR') ?? 'N'] ?? 1;
  const interaction = weights.cvssUserInteraction[metric('UI') ?? 'N'] ?? 1;
  return Math.min(
    0.99,
    weights.cvssWeight * (vulnerability.cvssScore / 10) * attackVector * privileges * interaction,
  );
}
