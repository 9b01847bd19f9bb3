/**
 * The layer rules of eslint.config.js, run through ESLint itself: for every rule, an import that
 * breaks it is refused with the rule's message, and an allowed import from the same file passes,
 * so that none of these can pass because nothing is checked at all.
 */
import { cpSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/temp-dir.ts';

const root = resolve(import.meta.dirname, '../..');

const ELECTRON = "Only electron/ and preload/ may import 'electron'";
const RENDERER = 'The renderer may import nothing of main/ but the contract (main/rpc/)';
const DOMAIN = 'A domain (main/<domain>/) may not import a door (main/cli, main/http, main/rpc) or the composition root (main/app)';
const INFRA_UP = 'Infrastructure (main/store, main/vault, main/events, main/errors, main/audit) may not import a door';
const INFRA_DOMAIN = 'Infrastructure (main/store, main/vault, main/events, main/errors, main/audit) may not import a domain';
const TYPES_ONLY = (file: string) => `Infrastructure may import a domain's ${file} only as types`;

const tempDir = useTempDirs('crewship-lint-');

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The messages ESLint gives `code` as if it were the file at `path` (relative to `cwd`); the file need not exist. */
async function lint(path: string, code: string, linter = eslint, cwd = root): Promise<string[]> {
  const [result] = await linter.lintText(`${code}\n`, { filePath: join(cwd, path) });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

async function expectRefused(path: string, code: string, message: string): Promise<void> {
  const messages = await lint(path, code);
  expect(messages, `${path}: ${code}`).toHaveLength(1);
  expect(messages[0]).toContain(message);
}

async function expectAllowed(path: string, code: string): Promise<void> {
  expect(await lint(path, code), `${path}: ${code}`).toEqual([]);
}

const importDefault = (from: string) => `import thing from '${from}';\nexport { thing };`;
const importTypes = (from: string) => `import type { Thing } from '${from}';\nexport type { Thing };`;

const doorsAndApp = ['cli', 'http', 'rpc', 'app'];
const infrastructure = ['store', 'vault', 'events', 'errors', 'audit'];
const domains = readdirSync(join(root, 'main'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !doorsAndApp.includes(entry.name) && !infrastructure.includes(entry.name))
  .map((entry) => entry.name);

describe("'electron' is imported only in electron/ and preload/", () => {
  it.each(['main/crews/x.ts', 'main/store/x.ts', 'main/rpc/x.ts', 'renderer/src/x.tsx', 'scripts/x.ts', 'bin/x.js', 'tests/mcp/x.test.ts'])(
    'refused in %s',
    async (path) => {
      await expectRefused(path, importDefault('electron'), ELECTRON);
      await expectRefused(path, importDefault('electron/main'), ELECTRON);
      await expectAllowed(path, importDefault('node:path'));
    },
  );

  it.each(['electron/x.ts', 'preload/x.ts'])('allowed in %s', async (path) => {
    await expectAllowed(path, importDefault('electron'));
    await expectAllowed(path, importDefault('electron/main'));
  });

  it("tests may import Electron's types (their doubles are typed against it), never its code", async () => {
    await expectAllowed('tests/fixtures/electron-shell/x.ts', importTypes('electron'));
    await expectRefused('tests/fixtures/electron-shell/x.ts', importDefault('electron'), ELECTRON);
  });
});

describe('the renderer imports nothing of main/ but the contract', () => {
  it.each([
    ['renderer/src/api/x.ts', '../../../main/mcp/types.ts'],
    ['renderer/src/api/x.ts', '../../../main/errors/app-error.ts'],
    ['renderer/src/api/x.ts', '../../../main/app/core.ts'],
    ['renderer/src/features/tool-tester/results/x.tsx', '../../../../../main/store/database.ts'],
  ])('%s may not import %s', async (path, from) => {
    await expectRefused(path, importTypes(from), RENDERER);
  });

  it.each([
    ['renderer/src/api/x.ts', '../../../main/rpc/contract.ts'],
    ['renderer/src/features/tool-tester/results/x.tsx', '../../../../../main/rpc/events.ts'],
  ])('%s may import %s', async (path, from) => {
    await expectAllowed(path, importTypes(from));
  });
});

describe('a domain imports no door and not the composition root', () => {
  it('every folder of main/ outside the doors, app and infrastructure is a domain', () => {
    expect(domains).toEqual(expect.arrayContaining(['agents', 'credentials', 'crews', 'mcp', 'oauth']));
  });

  it.each(domains)('main/%s/ may not import main/cli, main/http, main/rpc or main/app, at any depth', async (domain) => {
    for (const door of doorsAndApp) {
      await expectRefused(`main/${domain}/x.ts`, importTypes(`../${door}/thing.ts`), DOMAIN);
      await expectRefused(`main/${domain}/nested/x.ts`, importTypes(`../../${door}/deeper/thing.ts`), DOMAIN);
      await expectRefused(`main/${domain}/x.ts`, importTypes(`../../main/${door}/thing.ts`), DOMAIN);
    }
    await expectAllowed(`main/${domain}/x.ts`, importDefault('../store/database.ts'));
    await expectAllowed(`main/${domain}/nested/x.ts`, importDefault('../../events/bus.ts'));
    await expectAllowed(`main/${domain}/x.ts`, importDefault('./sibling.ts'));
  });

  it('a domain may import another domain', async () => {
    await expectAllowed('main/oauth/x.ts', importDefault('../credentials/credentials-service.ts'));
  });

  it('a domain folder added later is covered without editing the config', async () => {
    const project = tempDir();
    cpSync(join(root, 'eslint.config.js'), join(project, 'eslint.config.js'));
    symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'));
    for (const folder of [...doorsAndApp, ...infrastructure, 'newdomain']) mkdirSync(join(project, 'main', folder), { recursive: true });
    const linter = new ESLint({ cwd: project });

    const refused = await lint('main/newdomain/x.ts', importTypes('../rpc/contract.ts'), linter, project);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toContain(DOMAIN);
    const fromStore = await lint('main/store/x.ts', importTypes('../newdomain/thing.ts'), linter, project);
    expect(fromStore).toHaveLength(1);
    expect(fromStore[0]).toContain(INFRA_DOMAIN);
    expect(await lint('main/newdomain/x.ts', importTypes('../store/database.ts'), linter, project)).toEqual([]);
  });
});

describe('infrastructure imports no domain, door or app', () => {
  it.each(infrastructure)('main/%s/ may not import a door or main/app', async (folder) => {
    for (const door of doorsAndApp) {
      await expectRefused(`main/${folder}/x.ts`, importTypes(`../${door}/thing.ts`), INFRA_UP);
      await expectRefused(`main/${folder}/nested/x.ts`, importTypes(`../../${door}/thing.ts`), INFRA_UP);
    }
    await expectAllowed(`main/${folder}/x.ts`, importDefault(folder === 'errors' ? '../store/ids.ts' : '../errors/app-error.ts'));
  });

  it.each(infrastructure)('main/%s/ may not import a domain', async (folder) => {
    for (const domain of domains) {
      await expectRefused(`main/${folder}/x.ts`, importTypes(`../${domain}/service.ts`), INFRA_DOMAIN);
      await expectRefused(`main/${folder}/nested/x.ts`, importDefault(`../../${domain}/service.ts`), INFRA_DOMAIN);
    }
    await expectAllowed(`main/${folder}/nested/x.ts`, importDefault('../../vault/vault.ts'));
  });

  it.each([
    ['events', 'events.ts', 'errors.ts'],
    ['errors', 'errors.ts', 'events.ts'],
  ])("main/%s/ may join a domain's %s, as types only", async (folder, joined, other) => {
    const path = `main/${folder}/x.ts`;
    await expectAllowed(path, importTypes(`../crews/${joined}`));
    await expectAllowed(path, `export type { Thing } from '../mcp/${joined}';`);
    await expectRefused(path, importDefault(`../crews/${joined}`), TYPES_ONLY(joined));
    await expectRefused(path, `export { thing } from '../mcp/${joined}';`, TYPES_ONLY(joined));
    // `import { type A }` still loads the module at run time; only `import type` keeps it out.
    const inlineType = await lint(path, `import { type Thing } from '../crews/${joined}';\nexport type { Thing };`);
    expect(inlineType).toEqual([expect.stringContaining('@typescript-eslint/no-import-type-side-effects')]);
    await expectRefused(path, importTypes(`../crews/${other}`), INFRA_DOMAIN);
    await expectRefused(path, importTypes(`../crews/crews-service.ts`), INFRA_DOMAIN);
    await expectRefused(path, importTypes(`../crews/nested/${joined}`), INFRA_DOMAIN);
  });

  it("only main/events and main/errors join a domain's files", async () => {
    await expectRefused('main/store/x.ts', importTypes('../crews/events.ts'), INFRA_DOMAIN);
    await expectRefused('main/vault/x.ts', importTypes('../crews/errors.ts'), INFRA_DOMAIN);
  });
});
