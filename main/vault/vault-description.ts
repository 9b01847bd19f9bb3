/** Which key seals the vault, apart from the vault itself: the contract's types reach the renderer, which must not see Node. */
export interface VaultDescription {
  provider: string;
  keyId: string;
  createdAt: string;
}
