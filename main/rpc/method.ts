import { z } from 'zod';

/** One operation of the contract: the zod schema its input must pass, and (as a type only) what it returns. */
export interface MethodSpec<I extends z.ZodType, O> {
  input: I;
  summary: string;
  /** Phantom: carries the output type; never set at run time. */
  output?: O;
}

export function method<O>() {
  return <I extends z.ZodType>(input: I, summary: string): MethodSpec<I, O> => ({ input, summary });
}

/** Input schemas that several method groups share. */
export const noInput = z.object({}).strict();
export const displayName = z
  .string({ error: 'a name is required' })
  .trim()
  .min(1, 'a name is required')
  .max(80, 'a name has at most 80 characters');
export const slug = z
  .string()
  .trim()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a slug is lowercase letters, digits and single dashes')
  .max(48);
export const reference = z.string({ error: 'an id or slug is required' }).trim().min(1, 'an id or slug is required').max(200);
