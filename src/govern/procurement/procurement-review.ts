import type { ModelSupport, SupportStage } from '../lifecycle/support-dates.js';
import type { DerivedCapability } from '../mds2/mds2-capabilities.js';
import type { Mds2Answer } from '../mds2/mds2-form.js';

/** A known vulnerability of the model or of a component its SBOM lists. */
export interface ReviewVulnerability {
  id: string;
  /** The component it came through (`openssl 1.0.2k`), or null for the model itself. */
  via: string | null;
  certainty: 'certain' | 'uncertain';
  /** The feed record it was matched by: `csaf:ICSMA-20-254-01`, `nvd:CVE-…`. */
  origin: string;
  cvss: number | null;
  kev: boolean;
  epss: number | null;
  why: string;
}

/** A question to put to the manufacturer before buying, with why it is asked. */
export interface OpenQuestion {
  topic: string;
  question: string;
  why: string;
}

/**
 * A pre-purchase security review of a model as written on a day: what its MDS2 says, what its
 * SBOM holds and which known vulnerabilities those components carry, its support dates, and the
 * questions still open. Import-free: the CLI, the API and the console share it.
 */
export interface ProcurementReview {
  id: string;
  manufacturer: string;
  model: string;
  version: string | null;
  createdAt: string;
  createdBy: string;
  mds2: { id: string; file: string; importedAt: string; answers: number } | null;
  capabilities: DerivedCapability[];
  sboms: { name: string; format: string; components: number }[];
  vulnerabilities: ReviewVulnerability[];
  support: (ModelSupport & { stage: SupportStage }) | null;
  questions: OpenQuestion[];
}

/** Answers that leave the question open: an explanation deferred to a note, or none given. */
const unclear = (answer: Mds2Answer) => /^(see note|\?|)$/i.test(answer.answer.trim());

/** Questions whose answer the review always wants plain: who patches, how fast, for how long. */
const keyQuestions = [
  'CSUP-2.2',
  'CSUP-7',
  'RDMP-1',
  'RDMP-4',
  'SBOM-1',
  'STCF-1',
  'TXCF-2',
  'PAUT-8',
  'RMOT-1',
];

/**
 * The open questions of a review: what the MDS2 leaves unanswered or answers against the
 * hospital, what the SBOM does not cover, the vulnerabilities a buyer must hear a plan for, and
 * support dates not given. In the order a buyer would raise them.
 */
export function openQuestions(
  review: Omit<ProcurementReview, 'questions' | 'id' | 'createdAt' | 'createdBy'>,
  answers: readonly Mds2Answer[],
): OpenQuestion[] {
  const product = `${review.manufacturer} ${review.model}${review.version === null ? '' : ` ${review.version}`}`;
  const questions: OpenQuestion[] = [];
  if (review.mds2 === null)
    questions.push({
      topic: 'MDS2',
      question: `Provide a completed MDS2 (ANSI/NEMA HN 1-2019) for ${product}.`,
      why: 'no MDS2 form of this model has been imported',
    });
  for (const answer of answers)
    if (keyQuestions.includes(answer.id) && unclear(answer))
      questions.push({
        topic: `MDS2 ${answer.id}`,
        question: `Answer ${answer.id} plainly (Yes or No): "${answer.question}"`,
        why: `answered "${answer.answer || 'nothing'}"${answer.note === null ? '' : ` with the note "${answer.note}"`}`,
      });
  for (const capability of review.capabilities.filter((entry) => entry.isRisk))
    questions.push({
      topic: `MDS2 ${capability.question}`,
      question:
        capability.risk === 'No'
          ? `${capability.label[0]!.toUpperCase()}${capability.label.slice(1)} is not offered: which compensating control do you validate, and is it on your roadmap?`
          : `How is ${capability.label} secured (who connects, how authenticated, how logged), and can the hospital switch it off?`,
      why: capability.explanation,
    });
  if (review.sboms.length === 0)
    questions.push({
      topic: 'SBOM',
      question: `Provide a software bill of materials (CycloneDX or SPDX) for ${product}, and keep it current with each release.`,
      why: 'no SBOM of this model has been imported, so its components cannot be checked',
    });
  for (const vulnerability of review.vulnerabilities.filter((entry) => entry.kev || (entry.cvss ?? 0) >= 7))
    questions.push({
      topic: vulnerability.id,
      question: `Is ${vulnerability.id}${vulnerability.via === null ? '' : ` (in ${vulnerability.via})`} fixed in the version offered? If not, when will a validated patch be released?`,
      why: `${vulnerability.kev ? 'known exploited (CISA KEV); ' : ''}CVSS ${vulnerability.cvss ?? 'not scored'}; ${vulnerability.certainty} match by ${vulnerability.origin}`,
    });
  if (review.support === null || review.support.endOfSecurityPatches === null)
    questions.push({
      topic: 'support',
      question: `Until which date will ${product} receive security patches, and until which will it be supported?`,
      why: 'no end of security patches is recorded for this model',
    });
  else if (review.support.stage !== 'supported')
    questions.push({
      topic: 'support',
      question: `${product} is ${review.support.stage.replaceAll('-', ' ')}: which successor is offered, and on what terms?`,
      why: `end of sale ${review.support.endOfSale ?? '—'}, of security patches ${review.support.endOfSecurityPatches}`,
    });
  return questions;
}

/** The review as Markdown: the document the buyer sends, and the source of its PDF. */
export function procurementReviewMarkdown(review: ProcurementReview): string {
  const product = `${review.manufacturer} ${review.model}${review.version === null ? '' : ` ${review.version}`}`;
  const cell = (text: string) => text.replaceAll('|', '/').replaceAll('\n', ' ');
  const lines = [
    `# Pre-purchase security review: ${product}`,
    '',
    `Written ${review.createdAt.slice(0, 10)} by ${review.createdBy}; review ${review.id}.`,
    '',
    '## Manufacturer disclosure (MDS2)',
    '',
    review.mds2 === null
      ? 'No MDS2 form has been received.'
      : `${review.mds2.file}, imported ${review.mds2.importedAt.slice(0, 10)}: ${review.mds2.answers} answers.`,
    '',
  ];
  if (review.capabilities.length > 0) {
    lines.push('| Capability | MDS2 | Answer | Concern |', '|---|---|---|---|');
    for (const capability of review.capabilities)
      lines.push(
        `| ${cell(capability.label)} | ${capability.question} | ${capability.value} | ${capability.isRisk ? 'yes' : ''} |`,
      );
    lines.push('');
  }
  lines.push('## Software bill of materials', '');
  lines.push(
    review.sboms.length === 0
      ? 'No SBOM has been received.'
      : review.sboms
          .map((sbom) => `- ${sbom.name} (${sbom.format}): ${sbom.components} components`)
          .join('\n'),
    '',
  );
  lines.push('## Known vulnerabilities', '');
  if (review.vulnerabilities.length === 0) lines.push('None known from the imported feeds.', '');
  else {
    lines.push('| Vulnerability | Through | CVSS | KEV | EPSS |', '|---|---|---|---|---|');
    for (const vulnerability of review.vulnerabilities)
      lines.push(
        `| ${vulnerability.id} | ${cell(vulnerability.via ?? 'the model')} | ${vulnerability.cvss ?? '—'} | ${vulnerability.kev ? 'yes' : ''} | ${vulnerability.epss === null ? '—' : vulnerability.epss.toFixed(3)} |`,
      );
    lines.push('');
  }
  lines.push('## Support', '');
  lines.push(
    review.support === null
      ? 'No support dates recorded.'
      : `End of sale ${review.support.endOfSale ?? '—'}; end of security patches ${review.support.endOfSecurityPatches ?? '—'}; end of support ${review.support.endOfSupport ?? '—'} (${review.support.stage.replaceAll('-', ' ')}).`,
    '',
  );
  lines.push('## Open questions for the manufacturer', '');
  if (review.questions.length === 0) lines.push('None.');
  for (const [index, question] of review.questions.entries())
    lines.push(`${index + 1}. **${cell(question.topic)}**: ${question.question} (${question.why})`);
  return `${lines.join('\n')}\n`;
}
