import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditHash, genesisHash } from '../src/store/audit-repository.js';
import { openStore, type Store } from '../src/store/open-store.js';
import { storeBackends, temporaryDirectory } from './support/temporary-store.js';
import { vigilOn } from './support/vigil-cli.js';

const backends = await storeBackends();

/** Ten changes, as a week of work would leave them. */
async function fillLog(store: Store): Promise<void> {
  for (let index = 1; index <= 10; index += 1)
    await store.audit.append(
      {
        actor: 'biomed',
        action: 'override-set',
        target: `dev-${index}`,
        before: null,
        after: 'infusion pump',
      },
      `2026-11-${String(index).padStart(2, '0')}T09:00:00.000Z`,
    );
}

/**
 * What someone with write access to the database (and the code) does to hide row `seq`'s
 * change: edit it and recompute the plain SHA-256 chain from there to the end, exactly as
 * `auditHash` does.
 */
async function editAndRechain(store: Store, seq: number): Promise<void> {
  await store.db.updateTable('audit_log').set({ actor: 'someone-else' }).where('seq', '=', seq).execute();
  const rows = (await store.audit.list(1000)).reverse();
  let previousHash = genesisHash;
  for (const row of rows) {
    if (row.seq >= seq) {
      const hash = auditHash(previousHash, row);
      await store.db
        .updateTable('audit_log')
        .set({ previous_hash: previousHash, hash })
        .where('seq', '=', row.seq)
        .execute();
      previousHash = hash;
    } else previousHash = row.hash;
  }
}

for (const backend of backends) {
  describe.skipIf(!backend.enabled)(`tamper-evident audit log on ${backend.name}`, () => {
    let dropStore: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await dropStore?.();
      dropStore = undefined;
    });
    async function filledStore(): Promise<Store> {
      const { store, drop } = await backend.open();
      dropStore = drop;
      await fillLog(store);
      return store;
    }

    it('signs every row and keeps a checkpoint of the newest outside the database', async () => {
      const store = await filledStore();
      const verification = await store.audit.verify();
      expect(verification).toMatchObject({ rows: 10, broken: null, signedRows: 10 });
      expect(verification.checkpoint).toMatchObject({ seq: 10, firstSignedSeq: 1 });
      expect(verification.checkpoint?.path.startsWith(store.keys.directory!)).toBe(true);
      const [newest] = await store.audit.list(1);
      expect(verification.checkpoint?.hash).toBe(newest?.hash);
    });

    it('names the rows removed from the end, and a log emptied', async () => {
      const store = await filledStore();
      await store.db.deleteFrom('audit_log').where('seq', '>', 5).execute();
      const cut = await store.audit.verify();
      expect(cut.broken?.seq).toBe(6);
      expect(cut.broken?.problem).toMatch(
        /^rows 6 to 10 were removed: the checkpoint .*audit\.checkpoint records 10 rows/,
      );
      await store.db.deleteFrom('audit_log').execute();
      expect((await store.audit.verify()).broken?.problem).toMatch(
        /rows 1 to 10 were removed: .* the log ends empty/,
      );
    });

    it('names the row edited when the plain chain was recomputed after it', async () => {
      const store = await filledStore();
      await editAndRechain(store, 4);
      expect((await store.audit.verify()).broken).toEqual({
        seq: 4,
        problem:
          'its signature does not match its hash: changed, and the chain recomputed, by someone without the audit key',
      });
    });

    it('does not take a rewritten log whose signatures were cleared', async () => {
      const store = await filledStore();
      await editAndRechain(store, 7);
      await store.db.updateTable('audit_log').set({ signature: null }).execute();
      const verification = await store.audit.verify();
      expect(verification.broken?.seq).toBe(1);
      expect(verification.broken?.problem).toMatch(/not signed, though rows from 1 on are/);
    });

    it('says a missing checkpoint leaves truncation unseen', async () => {
      const store = await filledStore();
      rmSync(join(store.keys.directory!, 'audit.checkpoint'));
      expect((await store.audit.verify()).broken?.problem).toMatch(
        /checkpoint .* is missing although rows are signed/,
      );
    });

    it('verifies with the CLI and exits 1 naming the truncation and the edited row', async () => {
      const store = await filledStore();
      const vigil = vigilOn(store.location);
      const intact = vigil('audit', 'verify');
      expect(intact.status).toBe(0);
      expect(intact.stdout).toMatch(
        /^audit log intact: 10 rows, each following the one before; 10 signed with the audit key; reaches the checkpoint \(row 10\)/,
      );
      await store.db.deleteFrom('audit_log').where('seq', '>', 8).execute();
      const truncated = vigil('audit', 'verify');
      expect(truncated.status).toBe(1);
      expect(truncated.stderr).toMatch(/audit log broken at row 9: rows 9 to 10 were removed/);
      // A new row after the cut moves the checkpoint on but cannot hide the cut: its place is taken.
      await editAndRechain(store, 3);
      const edited = vigil('audit', 'verify');
      expect(edited.status).toBe(1);
      expect(edited.stderr).toMatch(/audit log broken at row 3: its signature does not match its hash/);
    });
  });
}

describe('the keys a store keeps outside its database', () => {
  it('lives beside a SQLite file, readable by its owner alone, and is named when it is the wrong one', async () => {
    const directory = temporaryDirectory();
    const database = join(directory, 'vigil.db');
    const store = await openStore(database);
    await fillLog(store);
    await store.close();
    expect(existsSync(`${database}.keys/audit.key`)).toBe(true);
    const other = await openStore(database, { keyDirectory: join(directory, 'other-keys') });
    try {
      expect((await other.audit.verify()).broken?.problem).toMatch(
        /signed with audit key [0-9a-f]{8}, but .*other-keys holds key [0-9a-f]{8}/,
      );
    } finally {
      await other.close();
    }
  });

  it('derives one folder per PostgreSQL database, whatever the working directory', async () => {
    const { resolveKeyDirectory } = await import('../src/store/keys/store-keys.js');
    const environment = { XDG_STATE_HOME: '/var/lib/vigil-state' };
    const a = resolveKeyDirectory('postgres://vigil:secret@db.example:5432/vigil', environment);
    const b = resolveKeyDirectory('postgres://other-user@db.example/vigil', environment);
    expect(a).toBe(b);
    expect(a).toBe(
      `/var/lib/vigil-state/vigil/keys-${createHash('sha256').update('db.example:5432/vigil').digest('hex').slice(0, 16)}`,
    );
    expect(resolveKeyDirectory('postgres://db.example/other', environment)).not.toBe(a);
    expect(resolveKeyDirectory('/srv/vigil.db', { VIGIL_KEYS: '/etc/vigil/keys' })).toBe('/etc/vigil/keys');
  });
});
