import type { McpCollectionReport } from './collection-types.ts';

/**
 * A collection's report as JUnit XML, the format CI systems read: one testsuite per collection,
 * one testcase per saved call; an unmet assertion is a <failure>, a call that failed an <error>.
 */
export function junitXml(report: McpCollectionReport): string {
  const seconds = (ms: number | null) => ((ms ?? 0) / 1000).toFixed(3);
  const counts = `tests="${report.cases.length}" failures="${report.failed}" errors="${report.errors}" time="${seconds(report.durationMs)}"`;
  const cases = report.cases.map((one) => {
    const open = `    <testcase name="${xml(one.name)}" classname="${xml(`${one.server}.${one.tool}`)}" time="${seconds(one.durationMs)}"`;
    if (one.status === 'passed') return `${open}/>`;
    const inner =
      one.status === 'error'
        ? `      <error message="${xml(one.error?.message ?? 'the call failed')}" type="${xml(one.error?.code ?? 'error')}">${xml(one.error?.hint ?? '')}</error>`
        : one.failures.map((failure) => `      <failure message="${xml(failure.message)}" type="${xml(failure.assertion)}">${xml(failure.message)}</failure>`).join('\n');
    return `${open}>\n${inner}\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(report.name)}" ${counts}>`,
    `  <testsuite name="${xml(report.name)}" ${counts} timestamp="${xml(report.startedAt)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** Text safe in an attribute or element: the five entities escaped, and characters XML 1.0 forbids (controls, lone surrogates) dropped. */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
