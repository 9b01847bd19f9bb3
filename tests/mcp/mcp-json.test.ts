import { describe, expect, it } from 'vitest';
import { AppError } from '../../main/errors/app-error.ts';
import { formatMcpJson, parseMcpJson, toMcpJsonEntry } from '../../main/mcp/mcp-json.ts';
import { disallowedPlaceholders, placeholderNames, requireAllowableVariables, resolvePlaceholders } from '../../main/mcp/placeholders.ts';
import { Redactor } from '../../main/mcp/redact.ts';
import { parseJsonText } from '../../main/rpc/json-text.ts';

function refusal(text: string, fileName?: string): AppError {
  try {
    parseMcpJson(text, fileName);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('.mcp.json parsing', () => {
  it('reads stdio, http, streamable-http, sse and type-less url entries in the Claude Code shape', () => {
    const entries = parseMcpJson(
      JSON.stringify({
        mcpServers: {
          github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_TOKEN: '${GH_TOKEN}' } },
          local: { type: 'stdio', command: 'node', cwd: '/srv/mcp', alwaysAllow: ['x'] },
          remote: { type: 'http', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer ${API_TOKEN}' } },
          modern: { type: 'streamable-http', url: 'https://${HOST}/mcp' },
          legacy: { type: 'sse', url: 'http://127.0.0.1:9000/sse' },
          cursorStyle: { url: 'https://tools.example.com/mcp' },
        },
      }),
    );
    expect(entries).toEqual([
      { name: 'github', transport: { type: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_TOKEN: '${GH_TOKEN}' }, cwd: null } },
      { name: 'local', transport: { type: 'stdio', command: 'node', args: [], env: {}, cwd: '/srv/mcp' } },
      { name: 'remote', transport: { type: 'streamable-http', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer ${API_TOKEN}' } } },
      { name: 'modern', transport: { type: 'streamable-http', url: 'https://${HOST}/mcp', headers: {} } },
      { name: 'legacy', transport: { type: 'sse', url: 'http://127.0.0.1:9000/sse', headers: {} } },
      { name: 'cursorStyle', transport: { type: 'streamable-http', url: 'https://tools.example.com/mcp', headers: {} } },
    ]);
  });

  it.each([
    ['a missing comma', '{\n  "mcpServers": {\n    "a": { "command": "x" }\n    "b": { "command": "y" }\n  }\n}', 4, 5, /expected "," or "}"/],
    ['a trailing comma', '{\n  "mcpServers": {\n    "a": { "command": "x" },\n  }\n}', 4, 3, /property name/],
    ['an unclosed string', '{ "mcpServers": { "a": { "command": "x } } }', 1, 37, /not closed/],
    ['the end of the file', '{ "mcpServers": {', 1, 18, /end of the file/],
    ['a duplicate key', '{\n "mcpServers": {\n  "a": {"command": "x"},\n  "a": {"command": "y"}\n }\n}', 4, 3, /"a" appears twice/],
    ['args that are not a list', '{\n  "mcpServers": {\n    "a": {\n      "command": "x",\n      "args": "--verbose"\n    }\n  }\n}', 5, 15, /args/],
    ['no command and no url', '{"mcpServers": {"a": {"env": {}}}}', 1, 22, /command/],
    ['an unknown type', '{"mcpServers": {"a": {"type": "websocket", "url": "ws://x"}}}', 1, 31, /websocket/],
    ['no mcpServers object', '{"servers": {}}', 1, 1, /mcpServers/],
    ['a bad env var name', '{"mcpServers": {"a": {"command": "x", "env": {"BAD NAME": "1"}}}}', 1, 59, /env\.BAD NAME: an environment variable name/],
  ])('refuses %s with its line and column', (_case, text, line, column, problem) => {
    const error = refusal(text, 'crew.mcp.json');
    expect(error.code).toBe('mcp_json_malformed');
    expect(error.kind).toBe('bad_input');
    expect(error.message).toContain(`crew.mcp.json:${line}:${column}:`);
    expect(error.message).toMatch(problem);
    expect(error.hint).toMatch(/nothing was changed/);
  });

  it('locates values by path', () => {
    const located = parseJsonText('{\n  "a": [1,\n    {"b": true}]\n}');
    if (!located.ok) throw new Error(located.error.message);
    expect(located.positionOf(['a', 1, 'b'])).toEqual({ line: 3, column: 11 });
    expect(located.positionOf(['a', 'missing'])).toEqual({ line: 2, column: 8 });
  });

  it('writes an injected credential as a placeholder for its variable, never a value', () => {
    const remote = toMcpJsonEntry({
      transport: { type: 'streamable-http', url: 'https://x/mcp', headers: { 'X-Tenant': 'acme' } },
      credential: { credentialId: 'cred_1', injection: { kind: 'api_key', header: 'X-Api-Key' }, credentialLabel: 'GitHub', variable: 'GITHUB_TOKEN' },
    });
    expect(remote).toEqual({ type: 'http', url: 'https://x/mcp', headers: { 'X-Tenant': 'acme', 'X-Api-Key': '${GITHUB_TOKEN}' } });
    const stdio = toMcpJsonEntry({
      transport: { type: 'stdio', command: 'node', args: [], env: {}, cwd: null },
      credential: { credentialId: 'cred_1', injection: { kind: 'env', variable: 'GH' }, credentialLabel: null, variable: 'GH' },
    });
    expect(stdio).toEqual({ command: 'node', env: { GH: '${GH}' } });
    const text = formatMcpJson([{ name: 'github', entry: remote }]);
    expect(parseMcpJson(text)).toEqual([{ name: 'github', transport: { type: 'streamable-http', url: 'https://x/mcp', headers: { 'X-Tenant': 'acme', 'X-Api-Key': '${GITHUB_TOKEN}' } } }]);
  });
});

describe('placeholders and redaction', () => {
  it('resolves ${VAR} and ${VAR:-default}, and names the one that has no value', () => {
    const env: Record<string, string> = { HOST: 'mcp.example.com', EMPTY: '' };
    expect(resolvePlaceholders('https://${HOST}/${PATH:-mcp}?e=${EMPTY}', (name) => env[name], 'url')).toEqual({ text: 'https://mcp.example.com/mcp?e=', values: ['mcp.example.com', 'mcp', ''] });
    expect(placeholderNames('${A} and ${B:-x} and $C')).toEqual(['A', 'B']);
    expect(() => resolvePlaceholders('Bearer ${GH_TOKEN}', () => undefined, 'headers.Authorization of MCP server "github"')).toThrowError(
      expect.objectContaining({ code: 'mcp_placeholder_unresolved', message: expect.stringMatching(/\$\{GH_TOKEN\} in headers\.Authorization of MCP server "github"/) }),
    );
  });

  it('lets a placeholder read only its credential or an allowed variable; a default needs neither; CREWSHIP_* never', () => {
    const transport = {
      type: 'stdio' as const,
      command: '${TOOL_HOME}/bin/tool',
      args: ['${GITHUB_TOKEN}', '${REGION:-eu}', '${CREWSHIP_MASTER_KEY}', '${CREWSHIP_HOME:-/tmp}'],
      env: { KEY: 'x ${AWS_SECRET_ACCESS_KEY}' },
      cwd: '${WORKDIR}',
    };
    const policy = { serverName: 'tool', credentialVariable: 'GITHUB_TOKEN', allowedEnv: ['TOOL_HOME', 'CREWSHIP_MASTER_KEY'] };
    expect(disallowedPlaceholders(transport, policy).map(({ variable, field }) => `${variable}@${field}`)).toEqual([
      'CREWSHIP_MASTER_KEY@args[2]',
      'AWS_SECRET_ACCESS_KEY@env.KEY',
      'WORKDIR@cwd',
    ]);
    const remote = { type: 'sse' as const, url: 'https://${HOST}/sse', headers: { 'X-Token': '${TOOL_TOKEN}' } };
    expect(disallowedPlaceholders(remote, { serverName: 'tool', credentialVariable: 'TOOL_TOKEN', allowedEnv: [] }).map(({ field }) => field)).toEqual(['url']);
    // A credential variable named CREWSHIP_* does not resolve either.
    const crewshipPolicy = { serverName: 'crewship', credentialVariable: 'CREWSHIP_TOKEN', allowedEnv: ['HOST'] };
    expect(disallowedPlaceholders({ ...remote, headers: {} }, crewshipPolicy)).toEqual([]);
    expect(disallowedPlaceholders({ ...remote, headers: { A: '${CREWSHIP_TOKEN}' } }, crewshipPolicy).map(({ field }) => field)).toEqual(['headers.A']);
    expect(() => requireAllowableVariables(['AWS_REGION', 'Crewship_Master_Key'])).toThrowError(expect.objectContaining({ code: 'mcp_placeholder_reserved' }));
    expect(() => requireAllowableVariables(['AWS_REGION', 'MY_CREWSHIP_X'])).not.toThrow();
  });

  it('redacts every secret (longest first) from text and nested values, leaving short values alone', () => {
    const redactor = new Redactor(['tok_abcdef123', 'tok_abcdef12345', 'on']);
    expect(redactor.text('a tok_abcdef12345 b tok_abcdef123 on')).toBe('a [redacted] b [redacted] on');
    expect(redactor.value({ list: ['x tok_abcdef123'], nested: { 'tok_abcdef123': 1 }, n: 3 })).toEqual({ list: ['x [redacted]'], nested: { '[redacted]': 1 }, n: 3 });
  });
});
