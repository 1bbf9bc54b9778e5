import { useMemo, useState, type ChangeEvent } from 'react';
import type { AttemptFilters } from '../../../../contract/program.ts';
import { api, errorMessage } from '../../app/api.ts';
import { toBase64 } from '../../app/files.ts';
import { Loading } from '../../app/Loading.tsx';
import { routeHref } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { useLoaded } from '../../app/useCall.ts';
import { AttemptTable } from '../debrief/AttemptTable.tsx';

/** What the filter controls hold: '' for "all", dates as the date inputs give them (YYYY-MM-DD, local). */
interface ListFilters {
  profileId: string;
  scenarioId: string;
  result: '' | 'pass' | 'fail';
  fromDate: string;
  toDate: string;
}

const noFilters: ListFilters = { profileId: '', scenarioId: '', result: '', fromDate: '', toDate: '' };

/**
 * The call's filters: the main process filters, so a long history never crosses to the page.
 * Dates are whole local days: from the start of `fromDate` to the end of `toDate`.
 */
function attemptFiltersOf(filters: ListFilters): AttemptFilters {
  const startOfDay = (date: string, addDays = 0): string => {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    return new Date(year, month - 1, day + addDays).toISOString();
  };
  return {
    ...(filters.profileId ? { profileId: filters.profileId } : {}),
    ...(filters.scenarioId ? { scenarioId: filters.scenarioId } : {}),
    ...(filters.result ? { passed: filters.result === 'pass' } : {}),
    ...(filters.fromDate ? { from: startOfDay(filters.fromDate) } : {}),
    ...(filters.toDate ? { to: startOfDay(filters.toDate, 1) } : {}),
  };
}

/** Recorded attempts on this workstation, filtered by trainee, case, dates and result, each to watch. */
export function ReplayList() {
  const { profiles, activeProfile } = useSession();
  const [filters, setFilters] = useState<ListFilters>(noFilters);
  const [attempts, reload] = useLoaded(() => api.attemptList(attemptFiltersOf(filters)));
  const [library] = useLoaded(() => api.scenarioList({}));
  const names = useMemo(() => new Map(profiles.map((profile) => [profile.id, profile.displayName])), [profiles]);
  const change = (changes: Partial<ListFilters>): void => {
    setFilters({ ...filters, ...changes });
    // Batched with the filters: the reload's request reads the new ones.
    reload();
  };
  const filtered = Object.values(filters).some((value) => value !== '');
  const cases = library.status === 'ready' ? library.value.scenarios : [];
  return (
    <div className="screen-body">
      <h1>Replays</h1>
      {activeProfile?.role === 'director' && <ReplayImport onImported={reload} />}
      <div className="view-buttons" role="group" aria-label="Filters">
        <label className="field">
          <span>Trainee</span>
          <select value={filters.profileId} onChange={(event) => change({ profileId: event.target.value })}>
            <option value="">everyone</option>
            {profiles.map((profile) => (
              <option key={profile.id} value={profile.id}>
                {profile.displayName}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Case</span>
          <select value={filters.scenarioId} onChange={(event) => change({ scenarioId: event.target.value })}>
            <option value="">all cases</option>
            {cases.map((scenario) => (
              <option key={scenario.id} value={scenario.id}>
                {scenario.title}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>From</span>
          <input
            type="date"
            value={filters.fromDate}
            max={filters.toDate || undefined}
            onChange={(event) => change({ fromDate: event.target.value })}
          />
        </label>
        <label className="field">
          <span>To</span>
          <input
            type="date"
            value={filters.toDate}
            min={filters.fromDate || undefined}
            onChange={(event) => change({ toDate: event.target.value })}
          />
        </label>
        <label className="field">
          <span>Result</span>
          <select
            value={filters.result}
            onChange={(event) => change({ result: event.target.value as ListFilters['result'] })}
          >
            <option value="">pass and fail</option>
            <option value="pass">pass</option>
            <option value="fail">fail</option>
          </select>
        </label>
        {filtered && (
          <button type="button" className="secondary" onClick={() => change(noFilters)}>
            Clear filters
          </button>
        )}
      </div>
      <Loading state={attempts}>
        {({ attempts: list }) =>
          list.length === 0 ? (
            <p className="empty">
              {filtered ? 'No recorded attempts match these filters.' : 'No recorded attempts on this workstation yet.'}
            </p>
          ) : (
            <AttemptTable
              attempts={list}
              testId="replay-list"
              trainee={(attempt) => names.get(attempt.profileId) ?? 'a removed profile'}
              action={(attempt) => <a href={routeHref('replay', attempt.id)}>Watch</a>}
            />
          )
        }
      </Loading>
    </div>
  );
}

/**
 * A replay file from another workstation (directors): the main process checks it (not truncated,
 * this core, the case installed, its commands give what it claims) and files it under its trainee.
 */
function ReplayImport({ onImported }: { onImported: () => void }) {
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setMessage({ text: `Checking ${file.name}: re-simulating it…`, error: false });
    void (async () => {
      try {
        const base64 = toBase64(new Uint8Array(await file.arrayBuffer()));
        const result = await api.replayImport({ fileName: file.name, base64 });
        setMessage({
          text:
            result.status === 'imported'
              ? `Imported ${file.name}: it re-simulated to the score it claims.`
              : `${file.name} is already on this workstation.`,
          error: false,
        });
        onImported();
      } catch (failure) {
        setMessage({ text: errorMessage(failure), error: true });
      }
    })();
  };
  return (
    <div className="replay-import">
      <label className="button secondary file-button">
        Import a replay file…
        <input type="file" accept=".irreplay" onChange={choose} aria-label="Import a replay file" />
      </label>
      {message && (
        <p
          className={message.error ? 'form-error' : 'hint'}
          role={message.error ? 'alert' : 'status'}
          data-testid="replay-import-result"
        >
          {message.text}
        </p>
      )}
    </div>
  );
}
