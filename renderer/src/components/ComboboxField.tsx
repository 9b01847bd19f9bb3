import { useVirtualizer } from '@tanstack/react-virtual';
import { useCombobox, type UseComboboxState, type UseComboboxStateChangeOptions } from 'downshift';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { filterOptions, matchRange, shownText, type ComboboxOption } from './combobox-options.ts';
import { controlClassName, Field, type FieldControlProps } from './Field.tsx';

type ComboboxFieldProps = Omit<FieldControlProps, 'mono'> & {
  options: readonly ComboboxOption[];
  /** What one entry is called, for the line shown when nothing matches ("server", "agent"). */
  noun: string;
  placeholder?: string;
};

const OPTION_HEIGHT = 34;
const OVERSCAN = 6;
/** The popup's largest size (styles/combobox.css): the room it wants below and beside the field. */
const POPUP_HEIGHT = 340;
const POPUP_WIDTH = 400;

/**
 * A searchable picker for lists that can run to thousands (servers, agents): a WAI-ARIA 1.2
 * combobox with a listbox popup, its keyboard and ARIA behaviour from downshift's `useCombobox`,
 * its options virtualised so only the visible ones are in the page. Typing filters by every
 * word an option shows (name, scope, slug); the match is marked.
 */
export function ComboboxField({ label, optional, variant, ...control }: ComboboxFieldProps) {
  return (
    <Field label={label} optional={optional} variant={variant}>
      {(id) => <ComboboxControl id={id} {...control} />}
    </Field>
  );
}

type ComboboxControlProps = Omit<ComboboxFieldProps, 'label' | 'optional' | 'variant'> & { id: string };

function ComboboxControl({ id, value, onChange, options, noun, placeholder, compact }: ComboboxControlProps) {
  const [query, setQuery] = useState('');
  const selected = useMemo(() => options.find((option) => option.value === value) ?? null, [options, value]);
  const matches = useMemo(() => filterOptions(options, query), [options, query]);
  const menuRef = useRef<HTMLDivElement | null>(null);
  const controlRef = useRef<HTMLDivElement | null>(null);
  const { isOpen, highlightedIndex, getInputProps, getMenuProps, getItemProps, getToggleButtonProps } = useCombobox<ComboboxOption>({
    inputId: id,
    labelId: `${id}-label`,
    menuId: `${id}-listbox`,
    toggleButtonId: `${id}-toggle`,
    items: matches,
    selectedItem: selected,
    itemToString: shownText,
    itemToKey: (option) => option?.value,
    // The virtualiser scrolls the highlighted option into view (below); downshift's own scrolling needs it rendered.
    scrollIntoView: () => undefined,
    stateReducer: keepChoice,
    onInputValueChange: ({ type, inputValue }) => {
      if (type === useCombobox.stateChangeTypes.InputChange) setQuery(inputValue);
    },
    onIsOpenChange: ({ isOpen: open }) => {
      if (!open) setQuery('');
    },
    onSelectedItemChange: ({ selectedItem }) => {
      if (selectedItem && selectedItem.value !== value) onChange(selectedItem.value);
    },
  });
  const virtualizer = useVirtualizer({
    count: isOpen ? matches.length : 0,
    getScrollElement: () => menuRef.current,
    estimateSize: () => OPTION_HEIGHT,
    overscan: OVERSCAN,
  });
  useEffect(() => {
    if (isOpen && highlightedIndex >= 0) virtualizer.scrollToIndex(highlightedIndex, { align: 'auto' });
  }, [isOpen, highlightedIndex, virtualizer]);
  const { above, alignEnd } = usePopupPlacement(isOpen, controlRef);

  return (
    <div className={`combobox${compact ? ' combobox--compact' : ''}`}>
      <div className="combobox__control" ref={controlRef}>
        <input
          className={`${controlClassName({ compact })} combobox__input`}
          placeholder={placeholder ?? `Search ${noun}s…`}
          spellCheck={false}
          {...getInputProps({ onFocus: (event) => event.currentTarget.select() })}
        />
        <button type="button" className="combobox__toggle" aria-label={`Show all ${noun}s`} {...getToggleButtonProps()}>
          <span aria-hidden="true">▾</span>
        </button>
      </div>
      <div className={`combobox__popup${above ? ' combobox__popup--above' : ''}${alignEnd ? ' combobox__popup--end' : ''}`} hidden={!isOpen} {...getMenuProps({ ref: menuRef })}>
        {isOpen && matches.length === 0 ? (
          <p className="combobox__empty" role="presentation">
            No {noun} matches “{query}”. Type part of its name, scope or slug, or clear the text to see them all.
          </p>
        ) : null}
        {isOpen && matches.length > 0 ? (
          <div role="presentation" className="combobox__window" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((row) => {
              const option = matches[row.index]!;
              return (
                <div
                  key={option.value}
                  className={`combobox__option${row.index === highlightedIndex ? ' combobox__option--active' : ''}${option.value === value ? ' combobox__option--chosen' : ''}`}
                  style={{ height: OPTION_HEIGHT, transform: `translateY(${row.start}px)` }}
                  // Read as "everything, Crew · Night Ops": the parts are separate spans, which a name run together would merge.
                  aria-label={[option.label, option.detail, option.tag].filter(Boolean).join(', ')}
                  aria-setsize={matches.length}
                  aria-posinset={row.index + 1}
                  {...getItemProps({ item: option, index: row.index })}
                >
                  <span className="combobox__label">{marked(option.label, query)}</span>
                  {option.detail ? <span className="combobox__detail">{marked(option.detail, query)}</span> : null}
                  {option.tag ? <code className="combobox__tag">{marked(option.tag, query)}</code> : null}
                </div>
              );
            })}
          </div>
        ) : null}
      </div>
    </div>
  );
}

/**
 * Where the popup opens: upwards when the window has too little room below the field and more
 * above it; aligned to the field's right edge when it would run past the window's.
 */
function usePopupPlacement(isOpen: boolean, controlRef: { current: HTMLElement | null }): { above: boolean; alignEnd: boolean } {
  const [placement, setPlacement] = useState({ above: false, alignEnd: false });
  useLayoutEffect(() => {
    const control = controlRef.current;
    if (!isOpen || !control) return;
    const box = control.getBoundingClientRect();
    const roomBelow = window.innerHeight - box.bottom;
    setPlacement({ above: roomBelow < POPUP_HEIGHT && box.top > roomBelow, alignEnd: box.left + Math.max(box.width, POPUP_WIDTH) > window.innerWidth });
  }, [isOpen, controlRef]);
  return placement;
}

/**
 * Typing highlights the first match, so Enter picks it (opening still highlights the chosen entry).
 * Escape and leaving the field give back the chosen entry's text (downshift's Escape on a closed
 * menu would clear the choice, and a blur would leave half-typed text beside an unchanged value).
 */
function keepChoice(state: UseComboboxState<ComboboxOption>, { type, changes }: UseComboboxStateChangeOptions<ComboboxOption>): Partial<UseComboboxState<ComboboxOption>> {
  const { InputChange, InputKeyDownEscape, InputBlur } = useCombobox.stateChangeTypes;
  if (type === InputChange) return { ...changes, highlightedIndex: 0 };
  if (type === InputKeyDownEscape) return { ...changes, selectedItem: state.selectedItem, inputValue: shownText(state.selectedItem) };
  if (type === InputBlur) return { ...changes, inputValue: shownText(changes.selectedItem ?? state.selectedItem) };
  return changes;
}

/** The text with the query's first occurrence wrapped in <mark>. */
function marked(text: string, query: string): ReactNode {
  const range = matchRange(text, query);
  if (!range) return text;
  return (
    <>
      {text.slice(0, range.start)}
      <mark className="combobox__match">{text.slice(range.start, range.end)}</mark>
      {text.slice(range.end)}
    </>
  );
}
