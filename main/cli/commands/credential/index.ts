import type { Command } from 'commander';
import { registerChecks } from './checks.ts';
import { registerConnect } from './connect.ts';
import { registerCatalog, registerCreateAndUpdate, registerDelete, registerListAndShow } from './records.ts';

export function registerCredentialCommands(program: Command): void {
  const credential = program
    .command('credential')
    .description('OAuth 2.0 credentials: the provider catalog, create, connect (PKCE), test, refresh, revoke, delete.');
  // In the order `crewship credential --help` lists them.
  registerCatalog(credential);
  registerCreateAndUpdate(credential);
  registerListAndShow(credential);
  registerConnect(credential);
  registerChecks(credential);
  registerDelete(credential);
}
