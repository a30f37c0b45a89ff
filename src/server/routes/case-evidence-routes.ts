import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CaseChangeError } from '../../changes/case-change-error.js';
import { existingCase } from '../../changes/case-changes.js';
import { exportCaseEvidence } from '../../changes/case-evidence.js';
import { HttpError, notFound } from '../routing/http-error.js';
import type { ServerContext } from '../server-context.js';
import { caseParams } from './case-route-parts.js';

/**
 * Where the server writes evidence exports: `VIGIL_EVIDENCE_DIR`, else beside a SQLite store
 * (`vigil.db.evidence/`), else `vigil-evidence/` in the working directory. Mode 700: the
 * packets may carry patient data.
 */
export function evidenceDirectory(storeLocation: string): string {
  const configured = process.env.VIGIL_EVIDENCE_DIR;
  if (configured) return configured;
  return /^postgres(ql)?:\/\//.test(storeLocation)
    ? join(process.cwd(), 'vigil-evidence')
    : `${storeLocation}.evidence`;
}

/**
 * Forensic evidence over the API, behind `evidence:export` (administrators and security
 * analysts): exporting a case's packets with a reason into the server's evidence folder, entered
 * in the chain of custody, and downloading an export, again with a reason, audited as
 * `case-evidence-downloaded`. Auditors read the custody records on the case; they get no packets.
 */
export function registerCaseEvidenceRoutes(context: ServerContext): void {
  const { routes, store } = context;

  routes.add(
    {
      method: 'POST',
      url: '/api/v1/cases/:id/evidence',
      access: 'evidence:export',
      tag: 'incident response',
      summary:
        "Carves the case's packets in a window into a pcapng in the server's evidence folder and records its chain of custody (audited as case-evidence-exported): vigil case evidence",
      params: caseParams,
      body: z.object({
        reason: z.string().trim().min(1, 'say why the packets are exported').max(2_000),
        destination: z.string().min(1).max(500).optional(),
        from: z.iso.datetime().optional(),
        to: z.iso.datetime().optional(),
      }),
    },
    async ({ params, body, principal }) => {
      const found = await existingCase(store, params.id).catch((error: unknown) => {
        if (error instanceof CaseChangeError) throw notFound(`case ${params.id}`);
        throw error;
      });
      const directory = evidenceDirectory(store.location);
      mkdirSync(directory, { recursive: true, mode: 0o700 });
      const now = context.now();
      const out = join(directory, `${found.id}-${new Date(now).toISOString().replace(/[:.]/g, '-')}.pcapng`);
      try {
        const { unreadable, ...custody } = await exportCaseEvidence(
          store,
          found.id,
          {
            out,
            reason: body.reason,
            destination: body.destination,
            fromMs: body.from === undefined ? undefined : Date.parse(body.from),
            toMs: body.to === undefined ? undefined : Date.parse(body.to),
            actor: principal!.name,
          },
          now,
        );
        return { ...custody, unreadable };
      } catch (error) {
        // The carve's refusals (no address to carve, no window, a window backwards) name the CLI option.
        if (error instanceof Error && /^(--\w+|case-\d+ has no)/.test(error.message))
          throw new HttpError(400, error.message.replace(/^--(\w+)/, '$1'));
        throw error;
      }
    },
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/cases/:id/evidence/:number',
      access: 'evidence:export',
      tag: 'incident response',
      summary:
        "Downloads one of the case's evidence exports (1 for the first), with a reason (audited as case-evidence-downloaded)",
      params: caseParams.extend({ number: z.coerce.number().int().min(1).max(1_000_000) }),
      query: z.object({ reason: z.string().trim().min(1, 'say why the packets are downloaded').max(2_000) }),
      produces: 'application/vnd.tcpdump.pcap',
    },
    async ({ params, query, principal, reply }) => {
      const found = await existingCase(store, params.id).catch((error: unknown) => {
        if (error instanceof CaseChangeError) throw notFound(`case ${params.id}`);
        throw error;
      });
      const evidence = (await store.cases.evidence(found.id))[params.number - 1];
      if (evidence === undefined) throw notFound(`evidence export ${params.number} of ${found.id}`);
      let bytes: Buffer;
      try {
        bytes = readFileSync(evidence.file);
      } catch {
        throw new HttpError(410, `${evidence.file} is gone from the server (vigil case verify-evidence)`);
      }
      await store.audit.append(
        {
          actor: principal!.name,
          action: 'case-evidence-downloaded',
          target: found.id,
          before: null,
          after: JSON.stringify({ file: evidence.file, sha256: evidence.sha256, reason: query.reason }),
        },
        new Date(context.now()).toISOString(),
      );
      reply.header('content-type', 'application/vnd.tcpdump.pcap');
      reply.header(
        'content-disposition',
        `attachment; filename="${found.id}-evidence-${params.number}.pcapng"`,
      );
      return bytes;
    },
  );
}
