import { useRef, useState, type DragEvent } from 'react';
import { useSharedFiles, useWriteSharedFile, type CrewConnection, type SharedFile } from '../../api/connections.ts';
import { useCall } from '../../api/transport-context.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { DateTime } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { FilePreview } from './FilePreview.tsx';
import { downloadFile, fromBase64 } from '../../components/download.ts';

/** The connection's shared files: drop files (or pick them) to upload, then preview or download them. */
export function SharedFilesPanel({ connection }: { connection: CrewConnection }) {
  const files = useSharedFiles(connection.id);
  const [selected, setSelected] = useState<string | undefined>();
  const columns: Column<SharedFile>[] = [
    {
      header: 'Path',
      width: 'minmax(120px, 2fr)',
      kind: 'name',
      cell: (file) => (
        <button type="button" className="link link--button" aria-pressed={selected === file.path} onClick={() => setSelected(file.path)}>
          {file.path}
        </button>
      ),
    },
    { header: 'Size', width: '76px', kind: 'muted', cell: (file) => formatSize(file.size) },
    { header: 'Modified', width: '140px', kind: 'muted', cell: (file) => <DateTime iso={file.modifiedAt} /> },
    { header: 'Download', headerHidden: true, width: '96px', kind: 'actions', cell: (file) => <DownloadButton connectionId={connection.id} path={file.path} /> },
  ];
  return (
    <section className="shared-files" aria-label="Shared files">
      <h3 className="thread__title">Shared files</h3>
      {connection.status === 'active' ? <UploadZone connectionId={connection.id} onUploaded={setSelected} /> : null}
      <DataTable
        label="Shared files"
        what="shared files"
        columns={columns}
        rowKey={(file) => file.path}
        query={files}
        size="bounded"
        rowStyle="compact"
        empty={
          <EmptyState title="No shared files yet" next={connection.status === 'active' ? 'Drop a file above, or use `crewship crew put`.' : undefined}>
            Files shared here are readable by both crews.
          </EmptyState>
        }
      />
      {selected !== undefined ? <FilePreview connectionId={connection.id} path={selected} onClose={() => setSelected(undefined)} /> : null}
    </section>
  );
}

function UploadZone({ connectionId, onUploaded }: { connectionId: string; onUploaded: (path: string) => void }) {
  const write = useWriteSharedFile();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [status, setStatus] = useState('');

  async function upload(list: FileList | null): Promise<void> {
    for (const file of Array.from(list ?? [])) {
      setStatus(`Uploading ${file.name} (${formatSize(file.size)})…`);
      const content = toBase64(new Uint8Array(await file.arrayBuffer()));
      try {
        const written = await write.mutateAsync({ connection: connectionId, path: file.name, content });
        setStatus(`Shared ${written.path} (${formatSize(written.size)}).`);
        onUploaded(written.path);
      } catch {
        setStatus('');
        return;
      }
    }
  }

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void upload(event.dataTransfer.files);
  };
  return (
    <div
      className={dragging ? 'drop-zone drop-zone--active' : 'drop-zone'}
      data-testid="drop-zone"
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <p>
        Drop files here, or{' '}
        <button type="button" className="button button--secondary button--small" onClick={() => input.current?.click()} disabled={write.isPending}>
          Choose files…
        </button>
      </p>
      <input ref={input} type="file" multiple hidden aria-label="Files to share" onChange={(event) => void upload(event.target.files).then(() => (event.target.value = ''))} />
      <p className="form-status" role="status" aria-live="polite">
        {status}
      </p>
      {write.isError ? <ErrorNotice error={write.error} title="The file was not shared" compact /> : null}
    </div>
  );
}

function DownloadButton({ connectionId, path }: { connectionId: string; path: string }) {
  const call = useCall();
  const [error, setError] = useState<unknown>();
  async function download(): Promise<void> {
    try {
      const file = await call('connections.files.read', { connection: connectionId, path });
      downloadFile(path.split('/').at(-1) ?? 'file', fromBase64(file.content), file.mediaType);
      setError(undefined);
    } catch (failure) {
      setError(failure);
    }
  }
  return (
    <>
      <button type="button" className="button button--ghost button--small" onClick={() => void download()} aria-label={`Download ${path}`}>
        Download
      </button>
      {error ? <ErrorNotice error={error} compact /> : null}
    </>
  );
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}


function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
