import { TextField } from './TextField.tsx';

/** The optional slug of something named (a crew, a workspace): the contract's slug rule, shown before submitting. */
export function SlugField({ name, value, onChange }: { name: string; value: string; onChange: (value: string) => void }) {
  return (
    <TextField
      label="Slug"
      optional
      variant="narrow"
      mono
      name={name}
      value={value}
      onChange={onChange}
      placeholder="derived from the name"
      maxLength={48}
      pattern="[a-z0-9]+(-[a-z0-9]+)*"
      title="Lowercase letters, digits and single dashes"
    />
  );
}
