import { supportStage } from '../govern/lifecycle/support-dates.js';
import { deriveCapabilities } from '../govern/mds2/mds2-capabilities.js';
import { modelKey } from '../govern/model-devices.js';
import {
  openQuestions,
  type ProcurementReview,
  type ReviewVulnerability,
} from '../govern/procurement/procurement-review.js';
import { loadRuleIndex } from '../intel/match-inventory.js';
import { type DeviceIdentity, DeviceMatcher } from '../intel/matching/device-matcher.js';
import type { VendorNames } from '../intel/matching/names.js';
import { sbomSubjects } from '../intel/matching/sbom-subjects.js';
import { SoftwareNames } from '../intel/matching/software-names.js';
import type { Store } from '../store/open-store.js';
import { stableId } from '../store/stable-id.js';

export interface ReviewRequest {
  manufacturer: string;
  model: string;
  /** The version offered; its SBOM and vulnerabilities are those of that version when given. */
  version?: string | undefined;
  actor: string;
}

/**
 * Writes a pre-purchase security review of a model, and keeps it as written: its latest MDS2 and
 * the capabilities it derives, the SBOMs attached to the model and the known vulnerabilities of
 * the model and of their components (matched as a device of that model and version would be,
 * whether or not the hospital has one), its support dates, and the open questions. Audited as
 * `procurement-review-written`.
 */
export async function writeProcurementReview(
  store: Store,
  request: ReviewRequest,
  vendors: VendorNames,
  nowMs: number,
): Promise<ProcurementReview> {
  const manufacturer = request.manufacturer.trim();
  const model = request.model.trim();
  if (manufacturer === '' || model === '')
    throw new Error('manufacturer and model: expected both, got an empty one');
  const version = request.version?.trim() || null;
  const createdAt = new Date(nowMs).toISOString();
  const [form] = await store.mds2.forModel(manufacturer, model);
  const identity: DeviceIdentity = {
    deviceId: 'procurement',
    vendors: [{ name: manufacturer, confidence: 1, basis: 'under review for purchase' }],
    model,
    firmware: version,
  };
  const matcher = new DeviceMatcher(await loadRuleIndex(store, vendors), SoftwareNames.load());
  const keyOf = (name: string) => vendors.keyOf(name);
  const subjects = matcher.subjectsOf(identity);
  const sboms = (await store.sboms.list()).filter((sbom) => sbomSubjects(subjects, [sbom], keyOf).length > 0);
  const matches = matcher.match(identity, sbomSubjects(subjects, sboms, keyOf));
  const details = await store.feeds.details(matches.map((match) => match.vulnerabilityId));
  const vulnerabilities: ReviewVulnerability[] = matches
    .map((match) => {
      const detail = details.get(match.vulnerabilityId);
      const scores = detail?.scores.map((score) => score.baseScore) ?? [];
      const evidence = match.evidence[0];
      return {
        id: match.vulnerabilityId,
        via: evidence?.via ?? null,
        certainty: match.certainty,
        origin: evidence?.origin ?? '',
        cvss: scores.length === 0 ? null : Math.max(...scores),
        kev: detail?.kev != null,
        epss: detail?.epss?.score ?? null,
        why: evidence?.why ?? '',
      };
    })
    .sort(
      (a, b) => Number(b.kev) - Number(a.kev) || (b.cvss ?? 0) - (a.cvss ?? 0) || a.id.localeCompare(b.id),
    );
  const support = await store.modelSupport.get(manufacturer, model);
  const today = createdAt.slice(0, 10);
  const draft = {
    manufacturer,
    model,
    version,
    mds2:
      form === undefined
        ? null
        : { id: form.id, file: form.file, importedAt: form.importedAt, answers: form.answers.length },
    capabilities: form === undefined ? [] : deriveCapabilities(form.answers),
    sboms: sboms.map((sbom) => ({
      name: sbom.name,
      format: sbom.format,
      components: sbom.components.length,
    })),
    vulnerabilities,
    support: support === undefined ? null : { ...support, stage: supportStage(support, today) },
  };
  const review: ProcurementReview = {
    id: stableId('pr', `${modelKey(manufacturer, model)} ${version} ${createdAt}`),
    createdAt,
    createdBy: request.actor,
    ...draft,
    questions: openQuestions(draft, form?.answers ?? []),
  };
  await store.procurementReviews.save({
    id: review.id,
    model_key: modelKey(manufacturer, model),
    manufacturer,
    model,
    review: JSON.stringify(review),
    created_by: request.actor,
    created_at: createdAt,
  });
  await store.audit.append(
    {
      actor: request.actor,
      action: 'procurement-review-written',
      target: review.id,
      before: null,
      after: JSON.stringify({
        model: `${manufacturer} ${model}${version === null ? '' : ` ${version}`}`,
        vulnerabilities: vulnerabilities.length,
        questions: review.questions.length,
      }),
    },
    createdAt,
  );
  return review;
}

/** A review as it was written; undefined when the store has none of that id. */
export async function readProcurementReview(
  store: Store,
  id: string,
): Promise<ProcurementReview | undefined> {
  const row = await store.procurementReviews.get(id);
  return row === undefined ? undefined : (JSON.parse(row.review) as ProcurementReview);
}
