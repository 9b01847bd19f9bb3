import { AppError } from '../errors/app-error.ts';
import type { ComposioCatalogStatus } from './types.ts';

/** What a 404 (or an unknown id here) means, per thing the console names: each with the command that finds the right one. */
export function toolkitNotFound(slug: string, catalog: ComposioCatalogStatus): AppError {
  const hint =
    catalog.syncedAt === null
      ? 'The catalog has not been read yet: run `crewship integration composio sync`, then `toolkits --search …` to find the slug.'
      : 'Find the app’s slug with `crewship integration composio toolkits --search …`.';
  return new AppError('composio_toolkit_not_found', `There is no app "${slug}" in the Composio catalog.`, hint);
}

export function authConfigNotFound(id: string): AppError {
  return new AppError('composio_auth_config_not_found', `The Composio project has no auth config "${id}".`, '`crewship integration composio auth-config list` shows the project’s auth configs.');
}

export function accountNotFound(id: string): AppError {
  return new AppError('composio_account_not_found', `The Composio project has no connected account "${id}".`, '`crewship integration composio inventory` lists the connected accounts by user.');
}

export function connectNotFound(id: string): AppError {
  return new AppError('composio_connect_not_found', `There is no connect attempt "${id}" in this console.`, 'A connect is followed by the console that started it; start a new one.');
}
