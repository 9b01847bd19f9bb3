import type { Migration } from './index.ts';

/**
 * Placeholders no longer read the console's whole environment: each server lists the variables
 * it may read (allowed_env, a JSON array of names). So that what an operator already set up keeps
 * working, every existing server is allowed exactly the variables its transport names in a
 * placeholder today — `${NAME}` or `${NAME:-default}`, by the rule of main/mcp/placeholders.ts —
 * except CREWSHIP_*, which never resolves any more.
 */
export const allowedEnvSchema: Migration = {
  version: 4,
  name: 'allowed-env',
  sql: `
    ALTER TABLE mcp_servers ADD COLUMN allowed_env TEXT NOT NULL DEFAULT '[]';

    -- The placeholder rule in SQL. scan finds every "\${" of every string of a transport (start:
    -- where the text after it begins). Its body runs to the first "}" after it; a body that is a
    -- name, or a name then ":-" and a default, is a candidate. Bodies reach the first "}", so
    -- candidates nested in a default share their "}" with the one they sit in: as the regex
    -- scans left to right, the first candidate of each "}" is the placeholder.
    WITH RECURSIVE
      scan(server_id, text_id, start, rest, candidate) AS (
        SELECT s.id, t.id, 1, t.value, 0 FROM mcp_servers s, json_tree(s.transport) t WHERE t.type = 'text'
        UNION ALL
        SELECT server_id, text_id, start + instr(rest, '\${') + 1, substr(rest, instr(rest, '\${') + 2), 1
        FROM scan WHERE instr(rest, '\${') > 0
      ),
      bodies AS (
        SELECT server_id, text_id, start, start + instr(rest, '}') - 1 AS close, substr(rest, 1, instr(rest, '}') - 1) AS body
        FROM scan WHERE candidate = 1 AND instr(rest, '}') > 0
      ),
      named AS (
        SELECT server_id, text_id, start, close, body,
          CASE WHEN instr(body, ':-') > 0 THEN substr(body, 1, instr(body, ':-') - 1) ELSE body END AS name
        FROM bodies
      ),
      candidates AS (
        SELECT server_id, text_id, start, close, name FROM named
        WHERE name <> '' AND name GLOB '[A-Za-z_]*' AND name NOT GLOB '*[^A-Za-z0-9_]*'
      ),
      placeholders AS (
        SELECT c.server_id, c.name FROM candidates c
        WHERE NOT EXISTS (
          SELECT 1 FROM candidates e WHERE e.server_id = c.server_id AND e.text_id = c.text_id AND e.close = c.close AND e.start < c.start
        )
      ),
      allowed(server_id, names) AS (
        SELECT server_id, json_group_array(name)
        FROM (
          SELECT DISTINCT server_id, name FROM placeholders
          WHERE name NOT LIKE 'CREWSHIP\\_%' ESCAPE '\\'
          ORDER BY server_id, name
        )
        GROUP BY server_id
      )
    UPDATE mcp_servers SET allowed_env = allowed.names FROM allowed WHERE allowed.server_id = mcp_servers.id;
  `,
};
