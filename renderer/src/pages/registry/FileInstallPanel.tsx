import { useState, type DragEvent } from 'react';
import { InstallForm } from './InstallForm.tsx';

/** A server.json the operator has: dropped here, chosen, or pasted; the core checks it against the schema and names each problem. */
export function FileInstallPanel({ onDone }: { onDone: () => void }) {
  const [text, setText] = useState('');
  const [checked, setChecked] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const take = (file: File | undefined) => void file?.text().then((content) => {
    setText(content);
    setChecked(content);
  });
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    take(event.dataTransfer.files[0]);
  };
  return (
    <section className="panel" aria-label="Install from server.json">
      <div
        className={over ? 'registry-drop registry-drop--over' : 'registry-drop'}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <p>Drop a server.json here, choose it, or paste it below.</p>
        <input type="file" accept=".json,application/json" aria-label="server.json file" onChange={(event) => take(event.target.files?.[0])} />
      </div>
      <label className="field">
        <span className="field__label">server.json contents</span>
        <textarea className="input input--mono" rows={6} value={text} onChange={(event) => setText(event.target.value)} spellCheck={false} />
      </label>
      <div className="cluster">
        <button type="button" className="button button--secondary" disabled={text.trim() === ''} onClick={() => setChecked(text)}>
          Check and continue
        </button>
        <button type="button" className="button button--ghost" onClick={onDone}>
          Cancel
        </button>
      </div>
      {checked !== null ? <InstallForm key={checked} server={null} target={undefined} file={checked} onDone={onDone} /> : null}
    </section>
  );
}
