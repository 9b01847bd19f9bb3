import { describe, expect, it } from 'vitest';
import { callOk, openTestCore } from '../helpers/core.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-legacy-view-');

/**
 * The legacy view has two switches: CREWSHIP_LEGACY_MCP_INTEGRATIONS in the console's environment
 * (system.info says whether it is on) and the operator's own toggle (the legacyMcpView preference).
 */
describe('the legacy MCP view', () => {
  it.each([
    [{ CREWSHIP_LEGACY_MCP_INTEGRATIONS: 'true' }, true],
    [{ CREWSHIP_LEGACY_MCP_INTEGRATIONS: '1' }, true],
    [{ CREWSHIP_LEGACY_MCP_INTEGRATIONS: ' TRUE ' }, true],
    [{ CREWSHIP_LEGACY_MCP_INTEGRATIONS: 'yes' }, false],
    [{ CREWSHIP_LEGACY_MCP_INTEGRATIONS: '0' }, false],
    [{}, false],
  ])('reads %o from the console’s environment as %s', async (env, expected) => {
    const core = openTestCore(tempDir(), { env });
    try {
      expect((await callOk(core, 'system.info', {})).legacyMcpViewFromEnv).toBe(expected);
    } finally {
      await core.close();
    }
  });

  it('keeps the Settings toggle apart from the environment: turning it off leaves the environment’s switch on', async () => {
    const core = openTestCore(tempDir(), { env: { CREWSHIP_LEGACY_MCP_INTEGRATIONS: 'true' } });
    try {
      expect((await callOk(core, 'preferences.get', {})).legacyMcpView).toBe(false);
      expect((await callOk(core, 'preferences.update', { legacyMcpView: true })).legacyMcpView).toBe(true);
      expect((await callOk(core, 'preferences.update', { legacyMcpView: false })).legacyMcpView).toBe(false);
      expect((await callOk(core, 'system.info', {})).legacyMcpViewFromEnv).toBe(true);
    } finally {
      await core.close();
    }
  });
});
