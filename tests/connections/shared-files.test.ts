import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { DEFAULT_MAX_SHARED_FILE_BYTES, sharedFileLimitFrom } from '../../main/connections/shared-files.ts';
import { DATABASE_FILE } from '../../main/store/data-dir.ts';
import { openTestCore } from '../helpers/core.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { connectedCrews, ok, refused } from './connection-fixtures.ts';

const tempDir = useTempDirs('crewship-shared-files-');
const cores: Core[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

const base64 = (text: string) => Buffer.from(text).toString('base64');

/** A core whose shared files may be 1 KiB, two crews connected, and a folder outside the data directory. */
async function setUp() {
  const dataDir = tempDir();
  const core = openTestCore(dataDir, { connections: { maxFileBytes: 1024 } });
  cores.push(core);
  const { connection } = await connectedCrews(core);
  const folder = join(dataDir, 'connections', connection.id);
  const outside = tempDir();
  writeFileSync(join(outside, 'secret.txt'), 'outside');
  const write = (path: string, content = base64('hello')) => core.router.call('connections.files.write', { connection: connection.id, path, content }, { actor: 'ui' });
  return { core, connection, folder, outside, write };
}

describe('shared files', () => {
  it('go with their connection when a crew is deleted, here or by another process; other connections keep theirs', async () => {
    const { core, connection, folder } = await setUp();
    await ok(core, 'connections.files.write', { connection: connection.id, path: 'plan.md', content: base64('# Plan') });
    const late = await ok(core, 'crews.create', { name: 'Late Shift' });
    const kept = await ok(core, 'connections.create', { from: 'day-desk', to: late.slug });
    await ok(core, 'connections.files.write', { connection: kept.id, path: 'kept.md', content: base64('kept') });
    const unrelated = join(folder, '..', 'not-a-connection');
    writeFileSync(unrelated, 'left alone');

    await ok(core, 'crews.delete', { crew: 'night-ops' });
    expect(existsSync(folder)).toBe(false);
    expect(readFileSync(join(folder, '..', kept.id, 'kept.md'), 'utf8')).toBe('kept');
    expect(readFileSync(unrelated, 'utf8')).toBe('left alone');

    // Deleted where no console saw it (the rows go with the crew, no event): the next core to open sweeps the folder.
    const dataDir = join(folder, '..', '..');
    const elsewhere = new Database(join(dataDir, DATABASE_FILE));
    elsewhere.pragma('foreign_keys = ON');
    elsewhere.prepare('DELETE FROM crews WHERE slug = ?').run(late.slug);
    elsewhere.close();
    expect(existsSync(join(folder, '..', kept.id))).toBe(true);
    const next = openTestCore(dataDir);
    cores.push(next);
    expect(existsSync(join(folder, '..', kept.id))).toBe(false);
  });

  it('writes, lists and reads files by relative path, nested folders included', async () => {
    const { core, connection, folder } = await setUp();
    const written = await ok(core, 'connections.files.write', { connection: connection.id, path: 'notes/./plan.md', content: '# Plan\n', encoding: 'utf8' });
    expect(written).toMatchObject({ path: 'notes/plan.md', size: 7 });
    await ok(core, 'connections.files.write', { connection: connection.id, path: 'data.json', content: base64('{"a":1}') });
    expect((await ok(core, 'connections.files.list', { connection: connection.id })).map((file) => [file.path, file.size])).toEqual([
      ['data.json', 7],
      ['notes/plan.md', 7],
    ]);
    const read = await ok(core, 'connections.files.read', { connection: connection.id, path: 'notes/plan.md' });
    expect(read).toMatchObject({ path: 'notes/plan.md', size: 7, mediaType: 'text/markdown', content: base64('# Plan\n') });
    expect(readFileSync(join(folder, 'notes', 'plan.md'), 'utf8')).toBe('# Plan\n');
    // Replacing a file leaves no staging file behind.
    await ok(core, 'connections.files.write', { connection: connection.id, path: 'data.json', content: base64('{"a":2}') });
    expect(readdirSync(folder).sort()).toEqual(['data.json', 'notes']);
    expect(await refused(core, 'connections.files.read', { connection: connection.id, path: 'missing.txt' })).toMatchObject({ code: 'connection_file_not_found' });
    expect(await refused(core, 'connections.files.read', { connection: connection.id, path: 'notes' })).toMatchObject({ code: 'connection_path_invalid' });
  });

  it.each([
    ['a path that goes up', '../escape.txt', 'connection_path_invalid', 'goes up a folder'],
    ['a path that goes up inside', 'notes/../../escape.txt', 'connection_path_invalid', 'goes up a folder'],
    ['an absolute path', '/etc/crewship-test', 'connection_path_invalid', 'is absolute'],
    ['a drive path', 'C:/temp/x', 'connection_path_invalid', 'is absolute'],
    ['a backslash', 'notes\\..\\x', 'connection_path_invalid', 'backslash'],
    ['a NUL byte', 'notes/a\0b.txt', 'connection_path_invalid', 'NUL byte'],
    ['an empty path', '/', 'connection_path_invalid', 'absolute'],
    ['nothing but dots', './.', 'connection_path_invalid', 'empty'],
    ['the reserved prefix', '.crewship-tmp-x', 'connection_path_invalid', 'reserved'],
    ['a name too long', `${'n'.repeat(256)}.txt`, 'connection_path_too_long', 'too long'],
    ['a path too long', Array.from({ length: 9 }, () => 'f'.repeat(120)).join('/'), 'connection_path_too_long', 'too long'],
  ])('refuses %s and writes nothing', async (_case, path, code, words) => {
    const { write, folder, connection, core } = await setUp();
    const answer = await write(path);
    expect(answer).toMatchObject({ ok: false, error: { code } });
    if (!answer.ok) expect(answer.error.message).toContain(words);
    // Refused before anything is touched: not even the connection's folder was made.
    expect(existsSync(folder)).toBe(false);
    expect(await ok(core, 'connections.files.list', { connection: connection.id })).toEqual([]);
    expect(await refused(core, 'connections.files.read', { connection: connection.id, path })).toMatchObject({ code });
  });

  it('refuses a symbolic link that leaves the folder, for reading and writing, and follows one that stays inside', async () => {
    const { core, connection, folder, outside, write } = await setUp();
    expect(await write('inside/real.txt')).toMatchObject({ ok: true });
    symlinkSync(outside, join(folder, 'out'));
    symlinkSync(join(outside, 'secret.txt'), join(folder, 'secret-link.txt'));
    symlinkSync(join(folder, 'inside'), join(folder, 'alias'));

    for (const path of ['out/new.txt', 'out/secret.txt', 'secret-link.txt', 'out/deeper/new.txt']) {
      expect(await write(path), path).toMatchObject({ ok: false, error: { code: 'connection_path_escapes' } });
    }
    for (const path of ['out/secret.txt', 'secret-link.txt']) {
      expect(await refused(core, 'connections.files.read', { connection: connection.id, path })).toMatchObject({ code: 'connection_path_escapes' });
    }
    expect(readdirSync(outside)).toEqual(['secret.txt']);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('outside');

    expect(await write('alias/through-link.txt', base64('kept inside'))).toMatchObject({ ok: true });
    expect(readFileSync(join(folder, 'inside', 'through-link.txt'), 'utf8')).toBe('kept inside');
    // The listing does not follow links, so nothing outside shows in it.
    expect((await ok(core, 'connections.files.list', { connection: connection.id })).map((file) => file.path)).toEqual(['inside/real.txt', 'inside/through-link.txt']);
  });

  it('refuses a file over the size limit, and content that is not base64, writing nothing', async () => {
    const { core, connection, write } = await setUp();
    expect(await write('exact.bin', Buffer.alloc(1024, 1).toString('base64'))).toMatchObject({ ok: true, value: { size: 1024 } });
    const tooLarge = await write('large.bin', Buffer.alloc(1025, 1).toString('base64'));
    expect(tooLarge).toMatchObject({ ok: false, error: { code: 'connection_file_too_large', message: expect.stringContaining('at most 1 KiB') } });
    const text = await core.router.call('connections.files.write', { connection: connection.id, path: 'large.txt', content: 'x'.repeat(1025), encoding: 'utf8' }, { actor: 'ui' });
    expect(text).toMatchObject({ ok: false, error: { code: 'connection_file_too_large' } });
    expect(await write('bad.bin', 'not base64!')).toMatchObject({ ok: false, error: { code: 'connection_file_content_invalid' } });
    expect((await ok(core, 'connections.files.list', { connection: connection.id })).map((file) => file.path)).toEqual(['exact.bin']);
  });

  it('keeps the files of a closed connection readable and takes no more', async () => {
    const { core, connection, write } = await setUp();
    await write('kept.txt');
    await ok(core, 'connections.close', { connection: connection.id });
    expect(await write('more.txt')).toMatchObject({ ok: false, error: { code: 'connection_closed' } });
    expect((await ok(core, 'connections.files.read', { connection: connection.id, path: 'kept.txt' })).content).toBe(base64('hello'));
  });

  it('takes its size limit from CREWSHIP_SHARED_FILE_MAX_BYTES, and refuses a value that is not a number of bytes', () => {
    expect(sharedFileLimitFrom({})).toBe(DEFAULT_MAX_SHARED_FILE_BYTES);
    expect(DEFAULT_MAX_SHARED_FILE_BYTES).toBe(10 * 1024 * 1024);
    expect(sharedFileLimitFrom({ CREWSHIP_SHARED_FILE_MAX_BYTES: '2048' })).toBe(2048);
    for (const value of ['ten', '-1', '1.5']) {
      expect(() => sharedFileLimitFrom({ CREWSHIP_SHARED_FILE_MAX_BYTES: value })).toThrow(expect.objectContaining({ code: 'connection_file_limit_invalid' }));
    }
  });
});
