/**
 * Test collections (saved calls with assertions) against the real server-everything: through the
 * contract on a configured console, and through the real `crewship mcp test` binary with servers
 * configured inline, as an MCP server's own CI runs it (exit code, JUnit XML with the failures).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import { parseCollectionText, type McpCollection } from '../../main/mcp/collection.ts';
import type { MethodInput } from '../../main/rpc/contract.ts';
import { everythingStdio } from '../fixtures/mcp/everything.ts';
import { runCrewship } from '../helpers/cli.ts';
import { callOk, callRefused, openTestCore } from '../helpers/core.ts';
import { addServer } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { parseXml, type XmlElement } from '../helpers/xml.ts';

const tempDir = useTempDirs('crewship-collections-');
const cores: Core[] = [];

afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

type CollectionInput = MethodInput<'mcp.collections.run'>['collection'];

/** Two calls that pass, one whose assertions fail (three of them), one that times out (an error, not a failure). */
function mixedCollection(server = 'everything'): CollectionInput {
  return {
    version: 1,
    name: 'everything smoke',
    calls: [
      { name: 'echo says hello', server, tool: 'echo', arguments: { message: 'hello' }, expect: { textContains: ['Echo: hello'], textMatches: '^Echo: h.llo$', durationUnderMs: 60_000 } },
      {
        name: 'weather is structured',
        server,
        tool: 'get-structured-content',
        arguments: { location: 'Chicago' },
        expect: { structuredContentValid: true, jsonPath: { '$.structuredContent.temperature': 36, '$.isError': false } },
      },
      {
        name: 'sum is wrong on purpose',
        server,
        tool: 'get-sum',
        arguments: { a: 1, b: 2 },
        expect: { textContains: ['is 4.'], jsonPath: { '$.content[0].text': 'The sum of 1 and 2 is 4.' }, structuredContentValid: true },
      },
      { name: 'too slow to answer', server, tool: 'trigger-long-running-operation', arguments: { duration: 30, steps: 1 }, timeoutMs: 300 },
    ],
  };
}

describe('test collections through the contract', () => {
  it('runs each saved call on the configured server and reports what passed, failed and errored', async () => {
    const core = openTestCore(tempDir());
    cores.push(core);
    addServer(core, 'everything', everythingStdio());

    const report = await callOk(core, 'mcp.collections.run', { collection: mixedCollection() });
    expect(report).toMatchObject({ name: 'everything smoke', passed: 2, failed: 1, errors: 1 });
    expect(report.cases.map((one) => one.status)).toEqual(['passed', 'passed', 'failed', 'error']);
    const [echo, , sum, missing] = report.cases;
    expect(echo?.callId).toBeTruthy();
    expect(echo?.durationMs).toBeGreaterThan(0);
    expect(sum?.failures.map((failure) => failure.assertion)).toEqual(['textContains', 'jsonPath $.content[0].text', 'structuredContentValid']);
    expect(sum?.failures[0]?.message).toContain('"The sum of 1 and 2 is 3."');
    expect(sum?.failures[2]?.message).toContain('declares no outputSchema');
    expect(missing?.error?.code).toMatch(/^mcp_call_(timeout|cancelled)$/);

    // Each call is in the history like any other, made by the door that ran the collection.
    const history = await callOk(core, 'mcp.calls.list', { server: 'everything' });
    expect(history.map((call) => call.tool).sort()).toEqual(['echo', 'get-structured-content', 'get-sum', 'trigger-long-running-operation'].sort());
  });

  it('refuses a collection with servers of its own, which only `crewship mcp test` starts', async () => {
    const core = openTestCore(tempDir());
    cores.push(core);
    const collection = { ...mixedCollection('own'), servers: { own: everythingStdio() } };
    const error = await callRefused(core, 'mcp.collections.run', { collection });
    expect(error.code).toBe('mcp_collection_inline_servers');
    expect(error.hint).toContain('crewship mcp test');
  });
});

describe('a collection file', () => {
  it('names each problem and where it is', () => {
    const text = JSON.stringify(
      {
        version: 2,
        name: 'broken',
        servers: { own: everythingStdio() },
        calls: [
          { name: 'a', server: 'own', tool: '' },
          { name: 'b', server: 'own', tool: 'echo', expect: { textMatches: '(', jsonPath: { 'structuredContent.x': 1 }, textContain: ['x'] } },
        ],
      },
      null,
      2,
    );
    let message = '';
    try {
      parseCollectionText(text, 'ci.json');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^ci\.json is not a valid test collection \(5 problems\)/);
    expect(message).toMatch(/calls\[0\]\.tool \(line \d+, column \d+\): a saved call names its tool/);
    expect(message).toContain('version (line 2, column 14): version must be 1');
    expect(message).toContain('calls[1].expect.textMatches');
    expect(message).toContain('calls[1].expect.jsonPath.structuredContent.x (line 29, column 34): a JSON path is $ then');
    expect(message).toMatch(/calls\[1\]\.expect.*textContain/);
  });

  it('says where its JSON breaks, and which call names a server it does not configure', () => {
    expect(() => parseCollectionText('{\n  "version": 1,\n}', 'ci.json')).toThrow(/^ci\.json is not valid JSON: Line 3, column 1: .*trailing comma\)\.$/);
    const elsewhere = { version: 1, name: 'x', servers: { own: everythingStdio() }, calls: [{ name: 'a', server: 'elsewhere', tool: 'echo' }] };
    expect(() => parseCollectionText(JSON.stringify(elsewhere), 'ci.json')).toThrow(/calls\[0\]\.server \(line 1, column \d+\): "elsewhere" is none of the collection's servers \(own\)/);
  });
});

describe('crewship mcp test', () => {
  function writeCollection(collection: McpCollection | CollectionInput): string {
    const file = join(tempDir(), 'collection.json');
    writeFileSync(file, JSON.stringify(collection, null, 2));
    return file;
  }

  it('runs a collection with its own server where no console is set up: exit 1, and a JUnit report with the failures', async () => {
    const home = tempDir();
    const junit = join(tempDir(), 'report.xml');
    const file = writeCollection({ ...mixedCollection('own'), servers: { own: everythingStdio() } });

    const run = await runCrewship(home, ['mcp', 'test', file, '--junit', junit]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^PASS {2}echo says hello \(\d+ ms\)$/m);
    expect(run.stdout).toMatch(/^FAIL {2}sum is wrong on purpose/m);
    expect(run.stdout).toMatch(/^ERROR too slow to answer: .*\[mcp_call_(timeout|cancelled)\]$/m);
    expect(run.stdout).toContain('everything smoke: 2 passed, 1 failed, 1 errors');

    const suites = parseXml(readFileSync(junit, 'utf8'));
    expect(suites.name).toBe('testsuites');
    expect(suites.attributes).toMatchObject({ tests: '4', failures: '1', errors: '1' });
    const cases = (suites.children[0] as XmlElement).children;
    expect(cases.map((one) => one.attributes.name)).toEqual(['echo says hello', 'weather is structured', 'sum is wrong on purpose', 'too slow to answer']);
    expect(cases[0]?.children).toEqual([]);
    expect(cases[2]?.attributes.classname).toBe('own.get-sum');
    expect(cases[2]?.children.map((child) => [child.name, child.attributes.type])).toEqual([
      ['failure', 'textContains'],
      ['failure', 'jsonPath $.content[0].text'],
      ['failure', 'structuredContentValid'],
    ]);
    expect(cases[2]?.children[0]?.attributes.message).toContain('expected the text to contain "is 4."');
    expect(cases[3]?.children[0]).toMatchObject({ name: 'error', attributes: { type: expect.stringMatching(/^mcp_call_(timeout|cancelled)$/) } });
  });

  it('exits 0 when every call passes, prints the report with --json, and uses the configured servers without "servers"', async () => {
    const home = tempDir();
    const core = openTestCore(home);
    addServer(core, 'everything', everythingStdio());
    await core.close();
    const passing = mixedCollection();
    const file = writeCollection({ ...passing, calls: passing.calls.slice(0, 2) });

    const run = await runCrewship(home, ['mcp', 'test', file, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { passed: number; failed: number; cases: Array<{ status: string }> };
    expect(report).toMatchObject({ passed: 2, failed: 0, errors: 0 });
  });

  it('exits 2 for a collection that is not valid, naming the problem', async () => {
    const file = writeCollection({ version: 1, name: 'x', calls: [] } as unknown as CollectionInput);
    const run = await runCrewship(tempDir(), ['mcp', 'test', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('(1 problem): calls (line 4, column 12): a collection has at least one call. [mcp_collection_invalid]');
    const missing = await runCrewship(tempDir(), ['mcp', 'test', join(tempDir(), 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
  });
});
