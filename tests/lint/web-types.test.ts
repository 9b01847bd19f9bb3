/**
 * The renderer is type-checked without Node's types (tsconfig.web.json), but a file that the
 * contract's types reach can still pull them in by itself: better-sqlite3's declarations, for one,
 * reference them. This looks at what the renderer's program really loads.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/temp-dir.ts';

const root = resolve(import.meta.dirname, '../..');
const tempDir = useTempDirs('crewship-web-types-');

function webProject(): ts.ParsedCommandLine {
  const configPath = join(root, 'tsconfig.web.json');
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configPath);
}

/** The files a program of the web project's options loads from these roots, relative to the repository. */
function loadedFiles(rootNames: readonly string[]): string[] {
  const program = ts.createProgram({ rootNames, options: webProject().options });
  return program.getSourceFiles().map((file) => file.fileName);
}

const nodeTypes = (files: string[]) => files.filter((file) => file.includes('/@types/node/'));

describe("the renderer's type check", () => {
  it('loads the contract and no Node types', () => {
    const files = loadedFiles(webProject().fileNames);
    expect(files).toContain(join(root, 'main/rpc/contract.ts'));
    expect(files).toContain(join(root, 'renderer/src/main.tsx'));
    expect(nodeTypes(files)).toEqual([]);
  });

  it('would see Node types arrive through a file of main/ that needs them', () => {
    const probe = join(tempDir(), 'probe.ts');
    writeFileSync(probe, `import type { Db } from '${join(root, 'main/store/database.ts')}';\nexport type { Db };\n`);
    expect(nodeTypes(loadedFiles([probe]))).not.toEqual([]);
  });
});
