import type { Command } from 'commander';
import { resolve } from 'node:path';
import { printLines, run } from '../kit.ts';

const SEALED_NOTE =
  'Secrets in it stay sealed by the vault: restoring it needs the same master key (CREWSHIP_MASTER_KEY, or the key file master.key, which a backup does not include).';

export function registerBackupCommands(program: Command): void {
  program
    .command('backup <file>')
    .description(`Copy the database to <file> (created 0600; never overwritten), safely while the app or \`crewship serve\` runs. ${SEALED_NOTE}`)
    .action((file: string) => run({}, () => backup(resolve(file))));

  program
    .command('restore <file>')
    .description(
      'Replace the database with a backup, after checking that it is a sound Crewship database of a schema this build can open and that its vault opens with the current key. ' +
        'Refused while the app, `crewship serve` or another command has the database open; the replaced database is kept as crewship.db.before-restore-<time>. ' +
        SEALED_NOTE,
    )
    .action((file: string) => run({}, () => restore(resolve(file))));
}

async function backup(target: string): Promise<void> {
  const [{ openStore }, { backupDatabase }, { resolveDataDir }] = await Promise.all([
    import('../../store/database.ts'),
    import('../../store/backup.ts'),
    import('../../store/data-dir.ts'),
  ]);
  const store = openStore({ dataDir: resolveDataDir() });
  try {
    await backupDatabase(store.db, target);
  } finally {
    store.close();
  }
  printLines([`Backed up ${store.path} to ${target}.`, SEALED_NOTE]);
}

async function restore(source: string): Promise<void> {
  const [{ restoreDatabase }, { resolveDataDir }, { resolveNodeKeyProvider }, { Vault }] = await Promise.all([
    import('../../store/backup.ts'),
    import('../../store/data-dir.ts'),
    import('../../vault/node-key-provider.ts'),
    import('../../vault/vault.ts'),
  ]);
  const dataDir = resolveDataDir();
  const keyProvider = resolveNodeKeyProvider(process.env, dataDir);
  const restored = await restoreDatabase({ dataDir, source, checkVault: (db) => Vault.open(db, keyProvider) });
  printLines([`Restored ${source} (schema version ${restored.schemaVersion}) into ${restored.path}.`]);
  if (restored.keptAs) printLines([`The database it replaced is kept as ${restored.keptAs}.`]);
}
