// @ts-check
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import { readdirSync } from 'node:fs';
import tseslint from 'typescript-eslint';

/**
 * @typedef {{ name: string, message: string, allowTypeImports?: boolean }} RestrictedPath
 * @typedef {({ group: string[] } | { regex: string }) & { message: string, allowTypeImports?: boolean }} RestrictedPattern
 * @typedef {{ paths?: RestrictedPath[], patterns?: RestrictedPattern[] }} Restriction
 */

/**
 * The layers of main/. Every folder of main/ that is not a door, the composition root or
 * infrastructure is a domain, read from the disk so that a new domain folder is covered without
 * editing this file.
 */
const doors = ['cli', 'http', 'rpc'];
const compositionRoot = 'app';
const infrastructure = ['store', 'vault', 'events', 'errors', 'audit'];
const domains = readdirSync(new URL('./main/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .filter((name) => !doors.includes(name) && name !== compositionRoot && !infrastructure.includes(name))
  .sort();

/** @param {string[]} names */
const oneOf = (names) => `(?:${names.join('|')})`;
/** A relative import that climbs out of its folder (at any depth, or out of main/ and back in) into main/<one of names>. */
const climbingInto = (/** @type {string[]} */ names) => `^(?:\\.\\./)+(?:main/)?${oneOf(names)}`;
const intoMainFolder = (/** @type {string[]} */ names) => `${climbingInto(names)}(?:/|$)`;

const electronMessage =
  "Only electron/ and preload/ may import 'electron': the core and the UI run without it (the CLI, the local host, tests). Put the Electron part in electron/ and hand the core what it needs.";

/**
 * @param {{ typesOnly?: boolean }} [options] typesOnly: the tests' Electron doubles are typed against Electron's API and load none of it.
 * @returns {Restriction}
 */
const electronOutsideShell = ({ typesOnly = false } = {}) => ({
  paths: [{ name: 'electron', message: electronMessage, allowTypeImports: typesOnly }],
  patterns: [{ group: ['electron/*'], message: electronMessage, allowTypeImports: typesOnly }],
});

/** @type {Restriction} */
const rendererOutsideContract = {
  patterns: [
    {
      regex: '(?:^|/)main/(?!rpc/)',
      message:
        'The renderer may import nothing of main/ but the contract (main/rpc/): it talks to the core only through it. Import the type from main/rpc/contract.ts (re-export it there if it is missing).',
    },
  ],
};

/** @type {Restriction} */
const domainIntoDoorOrApp = {
  patterns: [
    {
      regex: intoMainFolder([...doors, compositionRoot]),
      message:
        'A domain (main/<domain>/) may not import a door (main/cli, main/http, main/rpc) or the composition root (main/app): dependencies point doors → domains → infrastructure. Take what you need as a parameter, or move the shared type into the domain or into infrastructure (main/store, main/events, main/errors, ...).',
    },
  ],
};

/** @type {RestrictedPattern} */
const infrastructureIntoDoorOrApp = {
  regex: intoMainFolder([...doors, compositionRoot]),
  message:
    'Infrastructure (main/store, main/vault, main/events, main/errors, main/audit) may not import a door (main/cli, main/http, main/rpc) or the composition root (main/app): they build on it, not it on them. Move what both need into infrastructure, or let the caller pass it in.',
};

const infrastructureIntoDomainMessage =
  'Infrastructure (main/store, main/vault, main/events, main/errors, main/audit) may not import a domain (main/<domain>/): domains build on it, not it on them. Move what both need into infrastructure, or let the domain pass it in.';

/** @type {Restriction} */
const infrastructureIntoDomain = {
  patterns: [infrastructureIntoDoorOrApp, { regex: intoMainFolder(domains), message: infrastructureIntoDomainMessage }],
};

/**
 * main/events joins each domain's events.ts, and main/errors each domain's errors.ts: as types
 * only, so that infrastructure still loads nothing of a domain. Any other file of a domain is refused.
 * @param {'events.ts' | 'errors.ts'} file
 * @returns {Restriction}
 */
const infrastructureJoining = (file) => {
  const joined = file.replace('.', '\\.');
  return {
    patterns: [
      infrastructureIntoDoorOrApp,
      { regex: `${climbingInto(domains)}(?:$|/(?!${joined}$))`, message: infrastructureIntoDomainMessage },
      {
        regex: `${climbingInto(domains)}/${joined}$`,
        allowTypeImports: true,
        message: `Infrastructure may import a domain's ${file} only as types, to join it; it may not load the domain. Make this an \`import type\`.`,
      },
    ],
  };
};

/**
 * The import rule for one set of folders. A later config block replaces an earlier block's options
 * for the same rule, so each block carries every restriction its files are under.
 * @param {string[]} files
 * @param {Restriction[]} restrictions
 * @returns {import('eslint').Linter.Config}
 */
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

const inMain = (/** @type {string[]} */ folders) => folders.map((folder) => `main/${folder}/**`);

export default defineConfig(
  globalIgnores(['out/', 'node_modules/', 'test-results/', '.crewship-dev/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      // Pinned: the layer test lints from a second project directory in the same process.
      parserOptions: { tsconfigRootDir: import.meta.dirname },
      // The JavaScript files (bin/, the test fixtures' servers, this file) run in Node. In .ts files
      // typescript-eslint turns no-undef off: tsc knows each file's globals better.
      globals: Object.fromEntries(['process', 'console', 'URL', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'].map((name) => [name, 'readonly'])),
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
  restrictImports(inMain(domains), electronOutsideShell(), domainIntoDoorOrApp),
  restrictImports(inMain(['store', 'vault', 'audit']), electronOutsideShell(), infrastructureIntoDomain),
  restrictImports(inMain(['events']), electronOutsideShell(), infrastructureJoining('events.ts')),
  restrictImports(inMain(['errors']), electronOutsideShell(), infrastructureJoining('errors.ts')),
  {
    // Small rooms: a file of the core that outgrows this wants splitting by what its parts do, and a
    // longer function wants its steps named. Where one must stay longer, an eslint-disable comment
    // on it says why.
    files: ['main/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 450, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
);
