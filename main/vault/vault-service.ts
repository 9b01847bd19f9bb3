import type { AuditLog, Actor } from '../audit/audit-log.ts';
import type { Vault, VaultDescription } from './vault.ts';

/** The operator's view of the vault: what protects it, and rotating its data key on the record. */
export class VaultService {
  private readonly vault: Vault;
  private readonly audit: AuditLog;

  constructor(vault: Vault, audit: AuditLog) {
    this.vault = vault;
    this.audit = audit;
  }

  status(): VaultDescription {
    return this.vault.describe();
  }

  rotateDataKey(actor: Actor): { resealed: number; keyId: string } {
    const { resealed } = this.vault.rotateDataKey();
    const { keyId } = this.vault.describe();
    this.audit.append(actor, 'vault.rotate', keyId, { resealed });
    return { resealed, keyId };
  }
}
