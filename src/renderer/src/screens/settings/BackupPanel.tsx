import { useState, type ChangeEvent } from 'react';
import { api, errorMessage } from '../../app/api.ts';
import { fromBase64, saveFile, toBase64 } from '../../app/files.ts';
import { useSession } from '../../app/session.tsx';

/**
 * Backing the whole database up to one file and restoring it (directors only; the main process
 * checks the file is an IR Trainer database it can open before anything changes, and keeps the
 * database it replaces beside it).
 */
export function BackupPanel() {
  const session = useSession();
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  if (session.activeProfile?.role !== 'director') {
    return <p className="hint">A program director can back up and restore this workstation&apos;s records here.</p>;
  }

  async function run(work: () => Promise<string>) {
    setBusy(true);
    setMessage(null);
    try {
      setMessage({ text: await work(), error: false });
    } catch (failure) {
      setMessage({ text: errorMessage(failure), error: true });
    } finally {
      setBusy(false);
    }
  }

  const backup = () =>
    run(async () => {
      const { fileName, base64, bytes } = await api.recordsBackup({});
      saveFile(fileName, new Blob([fromBase64(base64)], { type: 'application/vnd.sqlite3' }));
      return `Saved ${fileName} (${(bytes / 1024).toFixed(0)} KiB).`;
    });
  const restore = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (!window.confirm(`Replace this workstation's records with ${file.name}? The current ones are kept beside it.`))
      return;
    void run(async () => {
      const report = await api.recordsRestore({ base64: toBase64(new Uint8Array(await file.arrayBuffer())) });
      await session.refresh();
      return `Restored ${file.name}: ${report.profiles} profiles, ${report.attempts} attempts. The previous records were kept as ${report.previousCopy}.`;
    });
  };

  return (
    <>
      <div className="view-buttons">
        <button onClick={() => void backup()} disabled={busy}>
          Back up the records
        </button>
        <label className="button secondary file-button">
          Restore from a backup…
          <input type="file" accept=".sqlite" onChange={restore} disabled={busy} aria-label="Restore from a backup" />
        </label>
      </div>
      {message && (
        <p className={message.error ? 'form-error' : 'hint'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </>
  );
}
