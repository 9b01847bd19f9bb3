/**
 * A hint as the core writes it, for a person: what stands between backticks (a command, a
 * variable, a file) is shown as code, never as literal backticks. Plain text otherwise: the hint
 * is never read as markup.
 */
export function HintText({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, index) => (index % 2 === 1 ? <code key={index}>{part}</code> : part))}
    </>
  );
}
