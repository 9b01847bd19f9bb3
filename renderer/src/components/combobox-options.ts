/** One entry of a combobox: what it stands for, and what tells it apart from the others. */
export interface ComboboxOption {
  value: string;
  /** The name; also what the input shows once the option is chosen, unless `text` says otherwise. */
  label: string;
  /** Where it belongs (a scope, a crew), shown beside the name and searched. */
  detail?: string;
  /** An id-ish word (a slug, an id), shown in monospace and searched. */
  tag?: string;
  /** What the input shows once chosen, when the label alone would be ambiguous. */
  text?: string;
  /** Also searched, never shown (a full id, a slug). */
  keywords?: string;
}

/** What the input shows for a chosen option. */
export function shownText(option: ComboboxOption | null | undefined): string {
  return option ? (option.text ?? option.label) : '';
}

/** Every option whose shown words (or keywords) contain the query, case and accents aside, in their order. */
export function filterOptions(options: readonly ComboboxOption[], query: string): ComboboxOption[] {
  const needle = fold(query.trim());
  if (!needle) return [...options];
  return options.filter((option) => searchTextOf(option).includes(needle));
}

// Folded once per option (the pickers keep their options between renders), so each keystroke over
// thousands of entries is only a substring test.
const searchTexts = new WeakMap<ComboboxOption, string>();

function searchTextOf(option: ComboboxOption): string {
  let text = searchTexts.get(option);
  if (text === undefined) {
    text = fold([option.label, option.detail, option.tag, option.keywords].filter(Boolean).join('\u0000'));
    searchTexts.set(option, text);
  }
  return text;
}

/** Where the query first occurs in the text (to mark it), or undefined. */
export function matchRange(text: string, query: string): { start: number; end: number } | undefined {
  const needle = fold(query.trim());
  if (!needle) return undefined;
  const folded = fold(text);
  // Folding can change the length (a decomposed accent); mark nothing rather than the wrong letters.
  if (folded.length !== text.length) return undefined;
  const start = folded.indexOf(needle);
  return start < 0 ? undefined : { start, end: start + needle.length };
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}
