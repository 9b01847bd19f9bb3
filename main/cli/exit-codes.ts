export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

export function exitCodeForStatus(status: number): number {
  if (status < 400) return EXIT_OK;
  return status === 400 || status === 413 ? EXIT_BAD_INPUT : EXIT_FAILURE;
}
