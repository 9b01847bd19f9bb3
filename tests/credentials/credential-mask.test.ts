import { expect, it } from 'vitest';
import { maskSecret } from '../../main/credentials/mask.ts';

it('shows a type prefix and the last four characters, and nothing of short secrets', () => {
  expect(maskSecret('ak_live_0123456789abcdef9f3c')).toBe('ak_…9f3c');
  expect(maskSecret('xoxb-1234567890-abcdefgh')).toBe('xoxb-…efgh');
  expect(maskSecret('GOCSPX-AbCdEfGhIjKlMnOp')).toBe('…MnOp');
  expect(maskSecret('0123456789abcdef')).toBe('…cdef');
  expect(maskSecret('short-one')).toBe('••••');
});
