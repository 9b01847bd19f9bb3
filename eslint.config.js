// @ts-check
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import { readdirSync } from 'node:fs';
import tseslint from 'typescript-eslint';

/**
 * The layers of main/ (see the layer rules below). Every folder of main/ that is not a door, the
 * composition root or infrastructure is a domain, read from the disk so that a new domain folder
 * is covered without editing this file.
 */
const doors = ['cli', 'http', 'rpc'];
const compositionRoot = 'app';
const infrastructure = ['store', 'vault', 'events', 'errors', 'audit'];
const domains = readdirSync(new URL('./main/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .filter((name) => !doors.includes(name) && name !== compositionRoot && !infrastructure.includes(name))
  .sort();

const oneOf = (names) => `(?:${names.join('|')})`;
/** A relative import that climbs out of its folder (any depth) into one of these folders of main/. */
const intoMainFolder = (names) => `^(?:\\.\\./)+${oneOf(names)}(?:/|$)`;

const electronMessage =
  "Only electron/ and preload/ may import 'electron': the core and the UI run without it (the CLI, the local host, tests). Put the Electron part in electron/ and hand the core what it needs.";

/** @param {{ typesOnly?: boolean }} [options] typesOnly: the tests' Electron doubles are typed against Electron's API, and load none of it. */
const electronOutsideShell = ({ typesOnly = false } = {}) => ({
  paths: [{ name: 'electron', message: electronMessage, allowTypeImports: typesOnly }],
  patterns: [{ group: ['electron/*'], message: electronMessage, allowTypeImports: typesOnly }],
});

const rendererOutsideContract = {
  patterns: [
    {
      regex: '(?:^|/)main/(?!rpc/)',
      message:
        'The renderer may import nothing of main/ but the contract (main/rpc/): it talks to the core only through it. Import the type from main/rpc/contract.ts (re-export it there if it is missing).',
    },
  ],
};

const domainIntoDoorOrApp = {
  patterns: [
    {
      regex: intoMainFolder([...doors, compositionRoot]),
      message:
        'A domain (main/<domain>/) may not import a door (main/cli, main/http, main/rpc) or the composition root (main/app): dependencies point doors → domains → infrastructure. Take what you need as a parameter, or move the shared type into the domain or into infrastructure (main/store, main/events, main/errors, ...).',
    },
  ],
};

const infrastructureIntoDoorOrApp = {
  regex: intoMainFolder([...doors, compositionRoot]),
  message:
    'Infrastructure (main/store, main/vault, main/events, main/errors, main/audit) may not import a door (main/cli, main/http, main/rpc) or the composition root (main/app): they build on it, not it on them. Move what both need into infrastructure, or let the caller pass it in.',
};

const infrastructureIntoDomainMessage =
  'Infrastructure (main/store, main/vault, main/events, main/errors, main/audit) may not import a domain (main/<domain>/): domains build on it, not it on them. Move what both need into infrastructure, or let the domain pass it in.';

const infrastructureIntoDomain = {
  patterns: [
    infrastructureIntoDoorOrApp,
    { regex: intoMainFolder(domains), message: infrastructureIntoDomainMessage },
  ],
};

/**
 * main/events joins each domain's events.ts and main/errors each domain's errors.ts: as types only,
 * so that infrastructure still loads none of a domain.
 */
const infrastructureJoining = (file) => ({
  patterns: [
    infrastructureIntoDoorOrApp,
    {
      regex: `^(?:\\.\\./)+${oneOf(domains)}(?:/(?!${file.replace('.', '\\.')}$)|$)`,
      message: infrastructureIntoDomainMessage,
    },
    {
      regex: `^(?:\\.\\./)+${oneOf(domains)}/${file.replace('.', '\\.')}$`,
      allowTypeImports: true,
      message: `Infrastructure may import a domain's ${file} only as types (import type { ... }), to join it; it may not load the domain. Make this an \`import type\`.`,
    },
  ],
});

/** One no-restricted-imports entry per folder: a later block replaces an earlier one's options, so each carries the electron rule too. */
const restrictImports = (files, ...restrictions) => ({
  files,
  rules: {
    '@typescript-eslint/no-restricted-imports':
      restrictions.length === 0
        ? 'off'
        : [
            'error',
            {
              paths: restrictions.flatMap((restriction) => restriction.paths ?? []),
              patterns: restrictions.flatMap((restriction) => restriction.patterns ?? []),
            },
          ],
  },
});

const allInMain = (folders) => folders.map((folder) => `main/${folder}/**`);

export default defineConfig(
  globalIgnores(['out/', 'node_modules/', 'test-results/', '.crewship-dev/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      // The JavaScript files (bin/, test fixtures, this config) run in Node; the .ts files are
      // checked by tsc, which knows each file's globals better (typescript-eslint turns no-undef off there).
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly' },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `import { type A }` still loads the module at run time (verbatimModuleSyntax); `import type` does not.
      '@typescript-eslint/no-import-type-side-effects': 'error',
      // Input checks refuse control characters on purpose (deep links, JSON text): such a regex is the point.
      'no-control-regex': 'off',
      // A leading underscore names what is unused on purpose (a signature's parameter, a field left out by a rest).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  restrictImports(['**/*.{js,mjs,ts,tsx}'], electronOutsideShell()),
  restrictImports(['tests/**'], electronOutsideShell({ typesOnly: true })),
  restrictImports(['electron/**', 'preload/**']),
  restrictImports(['renderer/**'], electronOutsideShell(), rendererOutsideContract),
  restrictImports(allInMain(domains), electronOutsideShell(), domainIntoDoorOrApp),
  restrictImports(allInMain(['store', 'vault', 'audit']), electronOutsideShell(), infrastructureIntoDomain),
  restrictImports(allInMain(['events']), electronOutsideShell(), infrastructureJoining('events.ts')),
  restrictImports(allInMain(['errors']), electronOutsideShell(), infrastructureJoining('errors.ts')),
);
