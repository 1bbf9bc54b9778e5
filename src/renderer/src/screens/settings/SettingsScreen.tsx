import { useSession } from '../../app/session.tsx';
import { BackupPanel } from './BackupPanel.tsx';

export function SettingsScreen() {
  const session = useSession();
  const { settings, appInfo } = session;
  return (
    <div className="screen-body">
      <h1>Settings</h1>
      <section className="settings-group" aria-labelledby="controls-title">
        <h2 id="controls-title">Controls and display</h2>
        <label className="toggle">
          <input
            type="checkbox"
            checked={settings.invertHubRotation}
            onChange={(event) => void session.updateSettings({ invertHubRotation: event.target.checked })}
          />
          Invert hub rotation (rotate keys and stick turn the device the other way)
        </label>
        <label className="toggle">
          <input
            type="checkbox"
            checked={settings.showFrameRate}
            onChange={(event) => void session.updateSettings({ showFrameRate: event.target.checked })}
          />
          Show the 3D view's frame rate in the cath lab
        </label>
      </section>
      <section className="settings-group" aria-labelledby="review-title">
        <h2 id="review-title">Replay review</h2>
        <label className="toggle">
          <input
            type="checkbox"
            checked={settings.traineesMayComment}
            disabled={session.activeProfile?.role !== 'director'}
            onChange={(event) => void session.updateSettings({ traineesMayComment: event.target.checked })}
          />
          Trainees may add comments to replays (directors always may; only a director changes this)
        </label>
      </section>
      <section className="settings-group" aria-labelledby="backup-title">
        <h2 id="backup-title">Backup and restore</h2>
        <BackupPanel />
      </section>
      <section className="settings-group" aria-labelledby="about-title">
        <h2 id="about-title">About this workstation</h2>
        <dl className="facts">
          <dt>App version</dt>
          <dd>{appInfo.appVersion}</dd>
          <dt>Simulation core</dt>
          <dd>
            {appInfo.coreVersion} at {appInfo.stepHz} steps/s
          </dd>
          <dt>Running in</dt>
          <dd>{appInfo.runtime === 'electron' ? 'desktop app' : 'browser, through the local bridge'}</dd>
          <dt>Database schema</dt>
          <dd>{appInfo.databaseSchemaVersion}</dd>
        </dl>
      </section>
    </div>
  );
}
