import { describe, expect, it } from 'vitest';
import { methodNames } from '../../main/rpc/contract.ts';
import { createRouter, type Handlers } from '../../main/rpc/router.ts';
import { AppError } from '../../main/errors/app-error.ts';

/*
 * The router itself is what is tested here, over spy handlers rather than a core: input its types
 * refuse, an unknown method, the HTTP status from dispatch. So it is called directly, not through
 * callContract (tests/helpers/core.ts), whose types would refuse these inputs.
 */

/** Handlers that record every call: input that fails the schema must never reach one. */
function spyHandlers(calls: string[]): Handlers {
  return Object.fromEntries(
    methodNames.map((name) => [
      name,
      () => {
        calls.push(name);
        return null;
      },
    ]),
  ) as unknown as Handlers;
}

const badInputs: unknown[] = [42, 'text', [], { unexpectedField: true }];

describe('contract', () => {
  it.each(methodNames)('%s: bad input gets the error envelope and never reaches the service', async (method) => {
    const calls: string[] = [];
    const router = createRouter(spyHandlers(calls), () => {});
    for (const input of badInputs) {
      const { envelope, status } = await router.dispatch(method, input, { actor: 'cli' });
      expect(envelope.ok).toBe(false);
      if (envelope.ok) continue;
      expect(envelope.error.code).toBe('invalid_input');
      // Said to a person: what to change, never the operation's internal name.
      expect(envelope.error.message).not.toContain(method);
      expect(envelope.error.hint.length).toBeGreaterThan(10);
      expect(status).toBe(400);
    }
    expect(calls).toEqual([]);
  });

  it('names the field and the rule that failed', async () => {
    const router = createRouter(spyHandlers([]), () => {});
    const envelope = await router.call('crews.create', { name: '   ' }, { actor: 'ui' });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!envelope.ok) expect(envelope.error.message).toMatch(/^Not accepted — name: a name is required\.$/);
    const badSlug = await router.call('agents.create', { crew: 'ops', name: 'Scout', slug: 'Not A Slug' }, { actor: 'ui' });
    if (!badSlug.ok) expect(badSlug.error.message).toMatch(/slug: a slug is lowercase/);
    expect(badSlug.ok).toBe(false);
  });

  it('answers an unknown method with its own code', async () => {
    const router = createRouter(spyHandlers([]), () => {});
    const { envelope, status } = await router.dispatch('crews.explode', {}, { actor: 'http' });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(status).toBe(404);
  });

  it('passes valid input through and hides the text of unexpected faults', async () => {
    const internal: string[] = [];
    const handlers = spyHandlers([]);
    handlers['crews.list'] = () => {
      throw new Error('database password is hunter2');
    };
    handlers['crews.get'] = () => {
      throw new AppError('crew_not_found', 'There is no crew "x".', 'List the crews.');
    };
    const router = createRouter(handlers, (method) => internal.push(method));
    const fault = await router.call('crews.list', {}, { actor: 'ui' });
    expect(fault).toMatchObject({ ok: false, error: { code: 'internal_error' } });
    expect(JSON.stringify(fault)).not.toContain('hunter2');
    expect(internal).toEqual(['crews.list']);
    const notFound = await router.dispatch('crews.get', { crew: 'x' }, { actor: 'ui' });
    expect(notFound.envelope).toEqual({ ok: false, error: { code: 'crew_not_found', message: 'There is no crew "x".', hint: 'List the crews.' } });
    expect(notFound.status).toBe(404);
  });
});
