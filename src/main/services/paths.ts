import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The folder Electron's `app.getPath('userData')` uses for this app (its package name is
 * `ir-trainer`), so the bridge and the CLI open the same database as the desktop app by default.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'ir-trainer');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'ir-trainer');
  return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'ir-trainer');
}

/** Repository root when running from a checkout (src/main/services → three levels up). */
export const repositoryRoot = join(import.meta.dirname, '..', '..', '..');
