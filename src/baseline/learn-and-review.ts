import type { DetectionConfig } from '../config/detection.js';
import type { Detection } from '../detect/detection.js';
import { mergeDetection } from '../detect/merge-detection.js';
import { reviewDetectors } from '../detect/registry.js';
import type { ReviewDetectorDefinition, ReviewedDevice, RunReview } from '../detect/review-detector.js';
import type { DeviceRecord } from '../inventory/device-record.js';
import type { RecordedDeviceEvent } from '../store/device-repository.js';
import type { Store } from '../store/open-store.js';
import type { ActivityCollector } from './activity-collector.js';
import { type Baseline, deviceSubject, siteSubject, typeSubject } from './baseline.js';
import { type FactCategory, partsOfReaches } from './fact-category.js';
import { HostActivity } from './host-activity.js';
import { emptyProfile, learnActivity, learnFacts } from './profile.js';

/** What a type's baseline learns from its devices: how devices of that type talk. */
const typeCategories: readonly FactCategory[] = ['protocols', 'serves', 'cleartextLogins'];
const maxCaptures = 20;

export interface BaselineRunOptions {
  store: Store;
  activity: ActivityCollector;
  /** History events the run's merge and silence check wrote. */
  events: readonly RecordedDeviceEvent[];
  capture: string;
  /** `vigil ingest --learn`: every baseline learns from this run, and deviations stay silent. */
  learn: boolean;
  config: Readonly<DetectionConfig>;
  atMs: number;
  detectors?: readonly ReviewDetectorDefinition[];
  /** The signature detections of the run, some of which a learned baseline explains (see `explainedByBaseline`). */
  signatureDetections?: readonly Detection[];
}

export interface BaselineRunResult {
  /** The signature detections a baseline did not explain, then the review detectors' own. */
  detections: Detection[];
  /** Signature detections left out because the source's learned baseline held what they counted. */
  explained: number;
  /** Baselines that learned from this run (new versions written). */
  learned: number;
  /** Devices judged against a learned baseline. */
  compared: number;
  /** Devices whose baselines are still learning. */
  learning: number;
}

/**
 * The baseline stage, at the end of a run: ties each host's activity to its device, lets the
 * baselines still learning (a device's first `baselineLearningPeriodMs` of traffic, or all of them
 * under `--learn`) learn from it, and has the review detectors judge the rest against what their
 * baselines hold. Type baselines learn from their devices; the site's from all of them.
 */
export async function learnAndReview(options: BaselineRunOptions): Promise<BaselineRunResult> {
  const { store, config, learn } = options;
  const hosts = options.activity.hosts();
  const owners = await store.devices.devicesOfAddresses(hosts.map((host) => host.ip));
  const activitiesOf = new Map<string, HostActivity[]>();
  for (const host of hosts) {
    const id = owners.get(host.ip);
    if (id === undefined) continue;
    activitiesOf.set(id, [...(activitiesOf.get(id) ?? []), host]);
  }
  const records = await store.devices.getMany([
    ...activitiesOf.keys(),
    ...options.events.map((event) => event.deviceId),
  ]);
  const deviceById = new Map(records.map((device) => [device.id, device]));
  const types = new Set(records.flatMap((device) => (device.type === null ? [] : [device.type])));
  const latest = await store.baselines.latest([
    ...[...activitiesOf.keys()].map(deviceSubject),
    ...[...types].map(typeSubject),
    siteSubject,
  ]);
  const written: Baseline[] = [];
  const learnedAt = new Date(options.atMs).toISOString();
  /** A new version of a subject, learning until the stored date, or the period from its first traffic. */
  const write = (
    subject: string,
    previous: Baseline | undefined,
    profile: Baseline['profile'],
    firstMs: number,
  ) => {
    const until = learn
      ? null
      : (previous?.learningUntil ??
        (previous === undefined ? new Date(firstMs + config.baselineLearningPeriodMs).toISOString() : null));
    written.push({
      subject,
      version: (previous?.version ?? 0) + 1,
      learnedAt,
      learningUntil: until,
      captures: [
        ...(previous?.captures ?? []).filter((name) => name !== options.capture),
        options.capture,
      ].slice(-maxCaptures),
      profile,
    });
  };
  const isLearning = (baseline: Baseline | undefined, firstMs: number) =>
    learn ||
    baseline === undefined ||
    (baseline.learningUntil !== null && firstMs < Date.parse(baseline.learningUntil));

  const reviewed: ReviewedDevice[] = [];
  const shown: RunReview['shown'][number][] = [];
  const learningByType = new Map<
    string,
    { devices: Set<string>; activities: HostActivity[]; firstMs: number }
  >();
  const learningActivities: { device: DeviceRecord; activities: HostActivity[] }[] = [];
  let runFirstMs = Number.POSITIVE_INFINITY;
  for (const [id, activities] of activitiesOf) {
    const device = deviceById.get(id);
    if (device === undefined) continue;
    const firstMs = Math.min(...activities.map((activity) => activity.firstSeenMs));
    runFirstMs = Math.min(runFirstMs, firstMs);
    shown.push({
      device,
      firstSeenMs: firstMs,
      lastSeenMs: Math.max(...activities.map((activity) => activity.lastSeenMs)),
    });
    const subject = deviceSubject(id);
    const baseline = latest.get(subject);
    if (isLearning(baseline, firstMs)) {
      const grown = learnActivity(
        baseline?.profile ?? emptyProfile(),
        activities,
        config.maxBaselineFactsPerCategory,
      );
      if (grown.changed || baseline === undefined || (learn && baseline.learningUntil !== null))
        write(subject, baseline, grown.profile, firstMs);
      learningActivities.push({ device, activities });
      if (device.type !== null) {
        const entry = learningByType.get(device.type) ?? { devices: new Set(), activities: [], firstMs };
        entry.devices.add(id);
        entry.activities.push(...activities);
        entry.firstMs = Math.min(entry.firstMs, firstMs);
        learningByType.set(device.type, entry);
      }
      continue;
    }
    reviewed.push({
      device,
      activity: joined(activities, config),
      baseline: baseline && { version: baseline.version, profile: baseline.profile },
      typeBaseline: undefined,
    });
  }

  for (const [type, entry] of learningByType) {
    const subject = typeSubject(type);
    const baseline = latest.get(subject);
    if (!isLearning(baseline, entry.firstMs)) continue;
    const grown = learnActivity(
      baseline?.profile ?? emptyProfile(),
      entry.activities,
      config.maxBaselineFactsPerCategory,
      typeCategories,
      false,
    );
    const withMembers = learnFacts(
      grown.profile,
      { members: entry.devices },
      config.maxBaselineFactsPerCategory,
    );
    if (
      grown.changed ||
      withMembers.changed ||
      baseline === undefined ||
      (learn && baseline.learningUntil !== null)
    )
      write(subject, baseline, withMembers.profile, entry.firstMs);
  }
  for (const item of reviewed) {
    if (item.device.type === null || learningByType.has(item.device.type)) continue;
    const baseline = latest.get(typeSubject(item.device.type));
    const members = baseline?.profile.facts.members?.length ?? 0;
    if (
      baseline !== undefined &&
      members >= config.typeBaselineMinDevices &&
      !isLearning(baseline, item.activity.firstSeenMs)
    )
      item.typeBaseline = { version: baseline.version, profile: baseline.profile, members };
  }

  const site = latest.get(siteSubject);
  let siteReview: RunReview['site'];
  if (learningActivities.length > 0 && isLearning(site, runFirstMs)) {
    const grown = learnActivity(
      site?.profile ?? emptyProfile(),
      learningActivities.flatMap((item) => item.activities),
      config.maxBaselineFactsPerCategory,
      ['dnsServers'],
      false,
    );
    const subnets = learningActivities
      .filter((item) => item.device.category === 'medical')
      .flatMap((item) => item.activities.map((activity) => subnetOf(activity.ip)))
      .filter((subnet): subnet is string => subnet !== undefined);
    const withSubnets = learnFacts(
      grown.profile,
      { clinicalSubnets: subnets },
      config.maxBaselineFactsPerCategory,
    );
    if (grown.changed || withSubnets.changed || site === undefined || (learn && site.learningUntil !== null))
      write(siteSubject, site, withSubnets.profile, runFirstMs);
  } else if (site !== undefined && !isLearning(site, runFirstMs))
    siteReview = { version: site.version, profile: site.profile };

  const detections = new Map<string, Detection>();
  const run: RunReview = {
    config,
    devices: reviewed,
    shown,
    site: siteReview,
    events: options.events.flatMap((event) => {
      const device = deviceById.get(event.deviceId);
      return device === undefined ? [] : [{ event, device }];
    }),
  };
  for (const detector of options.detectors ?? reviewDetectors) {
    if (learn && detector.isDeviation) continue;
    detector.review(run, (detection) => {
      const key = `${detection.type}\u0000${detection.key}`;
      const existing = detections.get(key);
      if (existing === undefined) detections.set(key, { ...detection });
      else mergeDetection(existing, detection, config.maxEvidencePerAlert);
    });
  }
  await store.baselines.add(written, config.maxBaselineVersions);
  const signatures = (options.signatureDetections ?? []).flatMap((detection) => {
    const kept = explainedByBaseline(detection, reviewed, config);
    return kept === undefined ? [] : [kept];
  });
  return {
    detections: [...signatures, ...detections.values()],
    explained: (options.signatureDetections?.length ?? 0) - signatures.length,
    learned: written.length,
    compared: reviewed.filter((item) => item.baseline !== undefined).length,
    learning: learningActivities.length,
  };
}

/**
 * Lateral movement is sessions with many hosts *it never reached before*: hosts the source's
 * learned baseline already reaches (a biomedical engineer's laptop on its rounds of the pumps)
 * are left out, and the detection with them when too few new ones remain. Other detections pass.
 */
function explainedByBaseline(
  detection: Detection,
  reviewed: readonly ReviewedDevice[],
  config: Readonly<DetectionConfig>,
): Detection | undefined {
  if (detection.type !== 'lateral-movement') return detection;
  const source = detection.sources[0]?.ip;
  const baseline = reviewed.find((item) => item.activity.ip === source)?.baseline;
  if (baseline === undefined) return detection;
  const reached = new Set((baseline.profile.facts.reaches ?? []).map((fact) => partsOfReaches(fact).address));
  const targets = detection.targets.filter((target) => target.ip === undefined || !reached.has(target.ip));
  if (targets.length === detection.targets.length) return detection;
  if (targets.length < config.lateralMovementHosts) return undefined;
  return {
    ...detection,
    targets,
    detail: {
      ...detection.detail,
      hosts: targets.flatMap((target) => (target.ip === undefined ? [] : [target.ip])),
      hostsInBaseline: [String(detection.targets.length - targets.length)],
    },
  };
}

/** One device's activity over all its addresses, as one host (the first address names it). */
function joined(activities: readonly HostActivity[], config: Readonly<DetectionConfig>): HostActivity {
  if (activities.length === 1) return activities[0]!;
  const whole = new HostActivity(
    activities[0]!.ip,
    config.maxBaselineFactsPerCategory,
    config.maxBaselineHours,
  );
  for (const activity of activities) {
    whole.mac ??= activity.mac;
    for (const [category, facts] of activity.facts)
      for (const [fact, sighting] of facts)
        whole.add(category, fact, sighting.firstSeenMs, sighting.evidence, sighting.peerIp, sighting.peerMac);
    for (const hour of activity.outsideHours.values())
      whole.sentOutside(
        hour.topPeer,
        hour.bytes,
        hour.hour * 3_600_000,
        hour.hour * 3_600_000,
        hour.evidence,
      );
  }
  return whole;
}

/** The /24 of an IPv4 address, the usual size of a clinical VLAN. */
export function subnetOf(ip: string): string | undefined {
  const match = /^(\d+\.\d+\.\d+)\.\d+$/.exec(ip);
  return match === null ? undefined : `${match[1]}.0/24`;
}
