import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openStore, type Store } from '../../main/store/database.ts';
import { resolveNodeKeyProvider } from '../../main/vault/node-key-provider.ts';
import { Vault } from '../../main/vault/vault.ts';

const CANARY = 'sk-live-PLAINTEXT-CANARY-1234';
const LABEL = 'LABEL-STORED-IN-CLEAR-5678';
const MASTER_KEY = 'master-key-that-must-not-be-stored';

let dir: string;
let dataDir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crewship-vault-'));
  dataDir = join(dir, 'data');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function insertSealedCredentials(store: Store, vault: Vault): void {
  const now = new Date().toISOString();
  const insert = store.db.prepare(
    `INSERT INTO credentials (id, workspace_id, kind, provider, label, client_secret, access_token, refresh_token, created_at, updated_at)
     VALUES (?, 'default', 'oauth2', 'stripe', ?, ?, ?, ?, ?, ?)`,
  );
  for (let index = 0; index < 50; index += 1) {
    const id = `cred-${index}`;
    const seal = (column: string) => vault.seal({ table: 'credentials', row: id, column }, `${CANARY}-${column}`);
    insert.run(id, LABEL, seal('client_secret'), seal('access_token'), seal('refresh_token'), now, now);
  }
}

function containsText(bytes: Buffer, text: string): boolean {
  return bytes.includes(Buffer.from(text, 'utf8')) || bytes.includes(Buffer.from(text, 'utf16le'));
}

it('keeps secrets and the master key out of the database file and its WAL, open and closed', () => {
  // The bytes on disk are what is tested: a bare store, its vault keyed as the CLI keys it, not openTestCore.
  const store = openStore({ dataDir });
  insertSealedCredentials(store, Vault.open(store.db, resolveNodeKeyProvider({ CREWSHIP_MASTER_KEY: MASTER_KEY }, dataDir)));
  const walFile = `${store.path}-wal`;
  const files = [store.path, walFile];

  // While open, the new pages sit in the WAL: it must exist and hold the rows, as the label shows.
  expect(statSync(walFile).size).toBeGreaterThan(0);
  const whileOpen = files.map((file) => readFileSync(file));
  expect(whileOpen.some((bytes) => containsText(bytes, LABEL))).toBe(true);
  store.close();
  const afterClose = files.filter((file) => existsSync(file)).map((file) => readFileSync(file));
  expect(afterClose.some((bytes) => containsText(bytes, LABEL))).toBe(true);

  for (const bytes of [...whileOpen, ...afterClose]) {
    expect(containsText(bytes, CANARY)).toBe(false);
    expect(containsText(bytes, MASTER_KEY)).toBe(false);
  }
});
