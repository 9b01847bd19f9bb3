import type { Migration } from './index.ts';

export const bindingAccountStateSchema: Migration = {
  version: 16,
  name: 'binding-account-state',
  sql: `
    -- Whether the bound user still has an ACTIVE account of the binding's app, as last seen when an
    -- account changed: 0 keeps the binding (and its scoped server at Composio) but leaves it out
    -- of what resolves for the agent, until the account is ACTIVE again.
    ALTER TABLE composio_bindings ADD COLUMN account_active INTEGER NOT NULL DEFAULT 1 CHECK (account_active IN (0, 1));
  `,
};
