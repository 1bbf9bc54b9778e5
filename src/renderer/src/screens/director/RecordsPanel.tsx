import { useState, type ChangeEvent } from 'react';
import type { PackImportReport } from '../../../../contract/program.ts';
import { api, errorMessage } from '../../app/api.ts';
import { saveFile } from '../../app/files.ts';

/**
 * The program's records in and out: results as CSV (one row per attempt, every metric), the
 * assignment pack (roster, curricula, assignments) and attempts with their replays, for another
 * workstation. An import is checked and merged by the main process; what it could not merge is
 * listed here, never silently overwritten.
 */
export function RecordsPanel({ onImported }: { onImported: () => void }) {
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [report, setReport] = useState<PackImportReport | null>(null);

  async function run(work: () => Promise<string>) {
    setMessage(null);
    try {
      setMessage({ text: await work(), error: false });
    } catch (failure) {
      setMessage({ text: errorMessage(failure), error: true });
    }
  }

  const exportCsv = () =>
    run(async () => {
      const { fileName, csv, rows } = await api.recordsExportCsv({});
      saveFile(fileName, csv, 'text/csv');
      return `Exported ${rows} attempts to ${fileName}.`;
    });
  const exportPack = (kind: 'assignment-pack' | 'attempt-pack') =>
    run(async () => {
      const { fileName, json } = await api.packExport({ kind });
      saveFile(fileName, json, 'application/json');
      return `Saved ${fileName}.`;
    });
  const importPack = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    void run(async () => {
      setReport(null);
      const result = await api.packImport({ json: await file.text() });
      setReport(result);
      onImported();
      return `Imported ${file.name}: ${result.added} added, ${result.updated} updated, ${result.unchanged} unchanged, ${result.conflicts.length} conflicts.`;
    });
  };

  return (
    <section aria-labelledby="records-title">
      <h2 id="records-title">Records</h2>
      <div className="view-buttons">
        <button onClick={() => void exportCsv()}>Export results (CSV)</button>
        <button className="secondary" onClick={() => void exportPack('assignment-pack')}>
          Export assignment pack
        </button>
        <button className="secondary" onClick={() => void exportPack('attempt-pack')}>
          Export attempts with replays
        </button>
        <label className="button secondary file-button">
          Import a pack…
          <input type="file" accept=".json,application/json" onChange={importPack} aria-label="Import a pack" />
        </label>
      </div>
      {message && (
        <p className={message.error ? 'form-error' : 'hint'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {report && report.conflicts.length > 0 && (
        <ul className="conflicts" data-testid="import-conflicts">
          {report.conflicts.map((conflict) => (
            <li key={`${conflict.record}-${conflict.id}`}>
              {conflict.record} {conflict.id.slice(0, 8)}: {conflict.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
