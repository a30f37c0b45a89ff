import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditHash, genesisHash } from '../src/store/audit-repository.js';
import type { Store } from '../src/store/open-store.js';
import { storeBackends } from './support/temporary-store.js';

const backends = await storeBackends();

for (const backend of backends) {
  describe.skipIf(!backend.enabled)(`audit log on ${backend.name}`, () => {
    let store: Store;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      ({ store, drop } = await backend.open());
      for (const [index, actor] of ['j.ortiz', 'dr.lee', 'biomed', 'netops'].entries()) {
        await store.audit.append(
          {
            actor,
            action: 'override-set',
            target: `dev-00000000000${index} type`,
            before: null,
            after: 'infusion pump',
          },
          `2026-11-0${index + 1}T09:00:00.000Z`,
        );
      }
    });
    afterAll(async () => {
      await drop();
    });

    it('filters by action, actor and days, and tallies what it holds', async () => {
      const rows = async (filter: Parameters<typeof store.audit.list>[1]) =>
        (await store.audit.list(100, filter)).map((row) => `${row.actor} ${row.at.slice(0, 10)}`);
      expect(await rows({ actor: 'dr.lee' })).toEqual(['dr.lee 2026-11-02']);
      expect(await rows({ action: 'feed-imported' })).toEqual([]);
      // Days are inclusive at both ends.
      expect(await rows({ from: '2026-11-02', to: '2026-11-03' })).toEqual([
        'biomed 2026-11-03',
        'dr.lee 2026-11-02',
      ]);
      expect(await rows({ from: '2026-11-04', action: 'override-set' })).toEqual(['netops 2026-11-04']);
      expect(await rows({ to: '2026-10-31' })).toEqual([]);
      expect(await store.audit.facets()).toEqual({
        actions: [{ value: 'override-set', count: 4 }],
        actors: ['biomed', 'dr.lee', 'j.ortiz', 'netops'].map((value) => ({ value, count: 1 })),
      });
    });

    it('chains each row to the one before from a fixed start', async () => {
      const rows = (await store.audit.list(10)).reverse();
      expect(rows.map((row) => row.seq)).toEqual([1, 2, 3, 4]);
      expect(rows[0]?.previousHash).toBe(genesisHash);
      for (const [index, row] of rows.entries()) {
        expect(row.hash).toBe(auditHash(index === 0 ? genesisHash : (rows[index - 1]?.hash as string), row));
      }
      expect(await store.audit.verify()).toMatchObject({ rows: 4, broken: null, signedRows: 4 });
    });

    it('names the row someone changed afterwards', async () => {
      await store.db.updateTable('audit_log').set({ after: 'printer' }).where('seq', '=', 2).execute();
      expect((await store.audit.verify()).broken).toEqual({
        seq: 2,
        problem: 'its content does not match its hash (changed after it was written)',
      });
      await store.db.updateTable('audit_log').set({ after: 'infusion pump' }).where('seq', '=', 2).execute();
      expect((await store.audit.verify()).broken).toBeNull();
    });

    it('names the gap where a row was removed, and a row recomputed to hide a change', async () => {
      const [third] = (await store.audit.list(10)).filter((row) => row.seq === 3);
      // Rewriting row 3 with a fresh hash of its own cannot give it a signature to match, and
      // row 4 still points at the old hash.
      const forged = { ...third!, actor: 'someone-else' };
      await store.db
        .updateTable('audit_log')
        .set({ actor: forged.actor, hash: auditHash(forged.previousHash, forged) })
        .where('seq', '=', 3)
        .execute();
      expect((await store.audit.verify()).broken).toEqual({
        seq: 3,
        problem:
          'its signature does not match its hash: changed, and the chain recomputed, by someone without the audit key',
      });
      await store.db.updateTable('audit_log').set({ signature: null }).where('seq', '=', 3).execute();
      expect((await store.audit.verify()).broken?.seq).toBe(3);
      await store.db.deleteFrom('audit_log').where('seq', '=', 3).execute();
      expect((await store.audit.verify()).broken).toEqual({ seq: 4, problem: 'row 3 is missing' });
    });
  });
}
