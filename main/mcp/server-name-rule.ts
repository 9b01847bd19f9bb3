/**
 * What a server name may be, in one place: the contract checks it, and the servers page shows the
 * rule beside the field (through `main/rpc/naming.ts`) before anything is submitted.
 */
export const SERVER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const SERVER_NAME_RULE = 'a server name is 1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit';
