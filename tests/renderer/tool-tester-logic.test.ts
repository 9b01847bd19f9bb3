import type { RJSFSchema } from '@rjsf/utils';
import { describe, expect, it } from 'vitest';
import type { McpLogLine } from '../../main/mcp/types.ts';
import { parseJsonText } from '../../main/rpc/json-text.ts';
import { argumentsReducer, initialArguments } from '../../renderer/src/features/schema-form/arguments-sync.ts';
import { checkSchema, cspSafeValidator } from '../../renderer/src/features/schema-form/csp-safe-validator.ts';
import { plainMessage } from '../../renderer/src/features/schema-form/plain-errors.ts';
import { cliCallCommand, serverReference } from '../../renderer/src/features/tool-tester/cli-command.ts';
import { appendLines, MAX_LOG_LINES } from '../../renderer/src/features/tool-tester/log-lines.ts';
import { planContent } from '../../renderer/src/features/tool-tester/results/content-plan.ts';
import { configFromForm, emptyServerForm, linesToPairs } from '../../renderer/src/pages/mcp-servers/server-form-model.ts';

/** The pure parts of the tool tester and the servers page: what the browser test cannot pin down cheaply. */

describe('raw JSON typed by a person', () => {
  it('names the line and column of a syntax error, whatever the engine says', () => {
    const cases: [string, number, number][] = [
      ['{\n  "a": 1,\n  "b" 2\n}', 3, 7],
      ['[1, 2,]', 1, 7],
      ['{ "a": 1, }', 1, 11],
      ['{"a": "line\nbreak"}', 1, 12],
      ['{"a": 1} x', 1, 10],
    ];
    for (const [text, line, column] of cases) {
      const parsed = parseJsonText(text);
      expect(parsed.ok, text).toBe(false);
      if (!parsed.ok) expect([parsed.error.line, parsed.error.column], text).toEqual([line, column]);
    }
    expect(parseJsonText('   ')).toMatchObject({ ok: false, error: { line: 1, column: 1 } });
  });
});

describe('the form and the JSON view of one set of arguments', () => {
  it('rewrites the text when the form changes, and the form when the text parses', () => {
    let state = initialArguments({ a: 1 });
    state = argumentsReducer(state, { type: 'formChanged', value: { a: 2, b: 'x' } });
    expect(JSON.parse(state.text)).toEqual({ a: 2, b: 'x' });

    state = argumentsReducer(state, { type: 'textChanged', text: '{"a": 5}' });
    expect(state).toEqual({ value: { a: 5 }, text: '{"a": 5}', textError: undefined });
  });

  it('keeps bad text and its error without losing the last valid arguments', () => {
    const valid = initialArguments({ a: 1 });
    const broken = argumentsReducer(valid, { type: 'textChanged', text: '{"a": ' });
    expect(broken.value).toEqual({ a: 1 });
    expect(broken.text).toBe('{"a": ');
    expect(broken.textError).toMatch(/^Line 1, column 7: /);

    const notObject = argumentsReducer(valid, { type: 'textChanged', text: '[1]' });
    expect(notObject.value).toEqual({ a: 1 });
    expect(notObject.textError).toMatch(/JSON object/);
  });
});

describe('the interpreting JSON Schema checker (no eval, for the CSP)', () => {
  const schema = {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 2, pattern: '^[a-z]+$' },
      count: { type: 'integer', minimum: 1, exclusiveMaximum: 10 },
      mode: { enum: ['fast', 'slow'] },
      tags: { type: 'array', items: { type: 'string' }, uniqueItems: true, maxItems: 3 },
      nested: { $ref: '#/$defs/point' },
      either: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    },
    required: ['name', 'count'],
    additionalProperties: false,
    $defs: { point: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] } },
  };

  it('accepts what the schema allows', () => {
    expect(checkSchema(schema, { name: 'ab', count: 9, mode: 'fast', tags: ['a', 'b'], nested: { x: 1.5 }, either: null })).toEqual([]);
  });

  it('reports each violation at its place, in Ajv’s words', () => {
    const errors = checkSchema(schema, { name: 'A', count: 10.5, mode: 'medium', tags: ['a', 'a', 'b', 'c'], nested: {}, either: 3, extra: true });
    const found = errors.map((error) => `${error.instancePath} ${error.message}`);
    expect(found).toEqual(
      expect.arrayContaining([
        '/name must NOT have fewer than 2 characters',
        '/name must match pattern "^[a-z]+$"',
        '/count must be integer',
        '/count must be < 10',
        '/mode must be equal to one of the allowed values',
        '/tags must NOT have more than 3 items',
        '/tags must NOT have duplicate items (items ## 1 and 0 are identical)',
        "/nested must have required property 'x'",
        '/either must match a schema in anyOf',
        ' must NOT have additional properties',
      ]),
    );
    expect(checkSchema(schema, {}).map((error) => error.message)).toEqual(["must have required property 'name'", "must have required property 'count'"]);
  });

  it('places errors on rjsf fields, a missing property on that property, in plain words', () => {
    const result = cspSafeValidator.validateFormData({ count: 0 }, schema as RJSFSchema);
    expect(result.errorSchema).toMatchObject({ name: { __errors: ['Name is required'] }, count: { __errors: ['Count must be at least 1'] } });
  });

  it('says what to change, by the field’s title, never in Ajv’s words', () => {
    const titled = {
      type: 'object',
      required: ['city'],
      properties: {
        city: { type: 'string', title: 'City', minLength: 2 },
        days: { type: 'integer', maximum: 14 },
        unit: { enum: ['metric', 'imperial'] },
        when: { type: 'string', format: 'date' },
      },
      additionalProperties: false,
    };
    const said = (data: unknown) => checkSchema(titled, data).map((error) => plainMessage(error, titled));
    expect(said({})).toEqual(['City is required']);
    expect(said({ city: 'L', days: 1.5, unit: 'kelvin', when: 'soon', extra: 1 })).toEqual(
      expect.arrayContaining([
        'City needs at least 2 characters',
        'Days must be a whole number',
        'Unit must be one of: metric, imperial',
        'When must be a valid date',
        'extra is not a field here: remove it',
      ]),
    );
    expect(said({ city: 'Lisbon', days: 20 })).toEqual(['Days must be at most 14']);
  });
});

describe('what a content block is drawn as', () => {
  it('draws well-formed images and audio from their data, and refuses the rest', () => {
    expect(planContent({ type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' }).view).toMatchObject({ kind: 'image', src: 'data:image/png;base64,iVBORw0KGgo=', byteLength: 8 });
    expect(planContent({ type: 'audio', data: 'UklGRg==', mimeType: 'audio/wav' }).view).toMatchObject({ kind: 'audio', src: 'data:audio/wav;base64,UklGRg==' });
    expect(planContent({ type: 'image', data: 'iVBORw0KGgo=', mimeType: 'text/html' }).view.kind).toBe('unrenderable');
    expect(planContent({ type: 'image', data: 'not base64!', mimeType: 'image/png' }).view.kind).toBe('unrenderable');
    expect(planContent({ type: 'image', data: 'AAAA', mimeType: 'image/png;x=<script>' }).view.kind).toBe('unrenderable');
  });

  it('offers JSON text formatted, and shows embedded resources by their kind', () => {
    expect(planContent({ type: 'text', text: '{"a":1}' }).view).toEqual({ kind: 'text', text: '{"a":1}', json: '{\n  "a": 1\n}' });
    expect(planContent({ type: 'text', text: 'plain' }).view).toEqual({ kind: 'text', text: 'plain', json: undefined });
    expect(planContent({ type: 'resource', resource: { uri: 'demo://b', mimeType: 'application/octet-stream', blob: 'AAECAw==' } }).view).toMatchObject({
      kind: 'resource-blob',
      byteLength: 4,
      media: undefined,
    });
    expect(planContent({ type: 'resource', resource: { uri: 'demo://i', mimeType: 'image/gif', blob: 'R0lGOA==' } }).view).toMatchObject({ media: 'image', src: 'data:image/gif;base64,R0lGOA==' });
    expect(planContent({ type: 'resource_link', uri: 'demo://x', name: 'x' }).view.kind).toBe('link');
    expect(planContent({ type: 'text', text: 'hi', annotations: { audience: ['user'], priority: 0.5 } })).toMatchObject({ audience: 'user', priority: 0.5 });
    expect(planContent({ type: 'video', data: 'AAAA' } as never).view.kind).toBe('unrenderable');
  });
});

describe('the call as a crewship command', () => {
  it('quotes the arguments so a shell passes them unchanged', () => {
    const onPath = { program: 'crewship', dataDirOverride: null, workspace: undefined };
    expect(cliCallCommand(onPath, { reference: 'everything' }, 'get-sum', { a: 2, b: 3 })).toBe(`crewship mcp call everything get-sum --args '{"a":2,"b":3}'`);
    expect(cliCallCommand(onPath, { reference: 'my server' }, 'echo', { message: "it's" })).toBe(`crewship mcp call 'my server' echo --args '{"message":"it'\\''s"}'`);
    const elsewhere = { program: '/opt/crew ship/bin/crewship.js', dataDirOverride: '/data/console', workspace: 'ws_night' };
    expect(cliCallCommand(elsewhere, { reference: 'mcp_abc', agent: 'agent_1' }, 'echo', {})).toBe(
      `CREWSHIP_HOME=/data/console '/opt/crew ship/bin/crewship.js' --workspace ws_night mcp call mcp_abc echo --args '{}' --agent agent_1`,
    );
  });

  it('runs a call made as a task as a task in the terminal too', () => {
    const onPath = { program: 'crewship', dataDirOverride: null, workspace: undefined };
    expect(cliCallCommand(onPath, { reference: 'everything' }, 'simulate-research-query', { topic: 'kelp' }, { asTask: true })).toBe(
      `crewship mcp call everything simulate-research-query --args '{"topic":"kelp"}' --task`,
    );
    expect(cliCallCommand(onPath, { reference: 'everything' }, 'echo', {}, { asTask: false })).not.toContain('--task');
  });

  it('names a server by its name only where no other server has it', () => {
    const servers = [
      { id: 'mcp_ws', name: 'github' },
      { id: 'mcp_crew', name: 'github' },
      { id: 'mcp_solo', name: 'everything' },
    ];
    expect(serverReference(servers[0]!, servers)).toBe('mcp_ws');
    expect(serverReference(servers[1]!, servers)).toBe('mcp_crew');
    expect(serverReference(servers[2]!, servers)).toBe('everything');
  });
});

describe('the log pane’s lines', () => {
  const line = (seq: number): McpLogLine => ({ seq, serverId: 's', at: '2026-01-01T00:00:00Z', source: 'stderr', level: null, logger: null, text: `line ${seq}` });

  it('keeps each line once, in order, and only the newest beyond the bound', () => {
    expect(appendLines([line(1), line(2)], [line(2), line(3)]).map((entry) => entry.seq)).toEqual([1, 2, 3]);
    const many = Array.from({ length: MAX_LOG_LINES + 5 }, (_, index) => line(index));
    const bounded = appendLines([], many);
    expect(bounded).toHaveLength(MAX_LOG_LINES);
    expect(bounded[0]?.seq).toBe(5);
  });
});

describe('the server form', () => {
  it('reads NAME=value and Name: value lines, splitting at the first separator', () => {
    expect(linesToPairs('URL=http://a?b=c\n\nLEVEL = debug', '=')).toEqual({ ok: true, pairs: { URL: 'http://a?b=c', LEVEL: 'debug' } });
    expect(linesToPairs('X-Team: platform\nnot a header', ':')).toEqual({ ok: false, line: 2 });
  });

  it('builds the create input, or names the field to fix', () => {
    const stdio = configFromForm({ ...emptyServerForm, name: ' everything ', command: 'node', args: 'server.js\n\n stdio ', env: 'TOKEN=${GITHUB_TOKEN}' });
    expect(stdio).toEqual({
      ok: true,
      input: {
        name: 'everything',
        scope: { kind: 'workspace' },
        transport: { type: 'stdio', command: 'node', args: ['server.js', 'stdio'], env: { TOKEN: '${GITHUB_TOKEN}' }, cwd: null },
        credential: null,
        allowedEnv: [],
        provider: null,
        enabled: true,
        connectTimeoutMs: null,
      },
    });
    expect(configFromForm({ ...emptyServerForm, command: 'node', allowedEnv: ' AWS_REGION, TENANT\nAWS_REGION ' })).toMatchObject({ ok: true, input: { allowedEnv: ['AWS_REGION', 'TENANT'] } });
    const remote = configFromForm({ ...emptyServerForm, name: 'r', transport: 'sse', url: 'https://x/sse', injection: 'api_key', credentialId: 'cred_1', injectionTarget: 'X-Key', connectTimeoutSeconds: '2.5' });
    expect(remote).toMatchObject({ ok: true, input: { transport: { type: 'sse', url: 'https://x/sse', headers: {} }, credential: { credentialId: 'cred_1', injection: { kind: 'api_key', header: 'X-Key' } }, connectTimeoutMs: 2500 } });
    expect(configFromForm({ ...emptyServerForm, injection: 'env', credentialId: 'c' })).toEqual({ ok: false, problem: 'Name the environment variable that carries the secret.' });
    expect(configFromForm({ ...emptyServerForm, scopeKind: 'crew' })).toEqual({ ok: false, problem: 'Choose the crew this server belongs to.' });
  });
});
