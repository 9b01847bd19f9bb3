/**
 * What a person may see of a secret: a short type prefix it may carry (`ak_`, `ghp_`, `xoxb-`) and
 * its last four characters. Short secrets show nothing at all, so the preview never gives half away.
 */
export function maskSecret(secret: string): string {
  if (secret.length < 12) return '••••';
  const prefix = /^[A-Za-z]{1,5}[_-]/.exec(secret)?.[0] ?? '';
  return `${prefix}…${secret.slice(-4)}`;
}
