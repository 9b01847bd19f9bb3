/**
 * The small JSON path a collection's assertions use: `$`, then `.name`, `[index]` or `["name"]`
 * steps. No wildcards or filters: an assertion names one value, and it equals or it does not.
 */
export function parseJsonPath(path: string): Array<string | number> | null {
  if (!path.startsWith('$')) return null;
  const steps: Array<string | number> = [];
  const step = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;
  let rest = path.slice(1);
  while (rest.length > 0) {
    const match = step.exec(rest);
    if (!match) return null;
    if (match[1] !== undefined) steps.push(match[1]);
    else if (match[2] !== undefined) steps.push(Number(match[2]));
    else steps.push(JSON.parse(match[3] as string) as string);
    rest = rest.slice(match[0].length);
  }
  return steps;
}

/** The value at `steps` in `value`, or `found: false` where a step leads nowhere. */
export function valueAt(value: unknown, steps: Array<string | number>): { found: true; value: unknown } | { found: false } {
  let current = value;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length) return { found: false };
      current = current[step];
    } else {
      if (typeof current !== 'object' || current === null || Array.isArray(current) || !Object.hasOwn(current, step)) return { found: false };
      current = (current as Record<string, unknown>)[step];
    }
  }
  return { found: true, value: current };
}
