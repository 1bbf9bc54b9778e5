import { useState, type ChangeEvent } from 'react';
import { atlasNames, type AtlasName } from '../../../../sim/anatomy/atlas/index.ts';
import type { AnatomySourceFile } from '../../../../sim/anatomy/import/index.ts';
import { meshDetails, type MeshDetail } from '../../../../sim/anatomy/mesh.ts';

/** The atlas variant chosen in the panel: every option the atlas has, all set. */
export interface AtlasChoice {
  name: AtlasName;
  archType: 'I' | 'II' | 'III' | 'bovine';
  icaTortuosity: number;
  hepaticVariant: 'standard' | 'replaced-right-from-sma' | 'replaced-left-from-left-gastric';
  fibroids: boolean;
  hepaticTumour: boolean;
  /** Null for the mean anatomy. */
  seed: number | null;
}

export const defaultAtlasChoice: AtlasChoice = {
  name: 'neuro',
  archType: 'I',
  icaTortuosity: 0.3,
  hepaticVariant: 'standard',
  fibroids: false,
  hepaticTumour: false,
  seed: null,
};

const atlasTitles: Record<AtlasName, string> = {
  neuro: 'Neuro (aortic arch, neck and head)',
  body: 'Body (abdomen and pelvis)',
};

const detailTitles: Record<MeshDetail, string> = { high: 'High', medium: 'Medium', low: 'Low' };

export function AtlasChooser({
  choice,
  onChange,
  detail,
  onDetailChange,
  disabled,
}: {
  choice: AtlasChoice;
  onChange: (choice: AtlasChoice) => void;
  detail: MeshDetail;
  onDetailChange: (detail: MeshDetail) => void;
  disabled: boolean;
}) {
  const set = <K extends keyof AtlasChoice>(key: K, value: AtlasChoice[K]): void =>
    onChange({ ...choice, [key]: value });
  return (
    <fieldset className="anatomy-choice" disabled={disabled}>
      <label>
        Atlas
        <select value={choice.name} onChange={(event) => set('name', event.target.value as AtlasName)}>
          {atlasNames.map((name) => (
            <option key={name} value={name}>
              {atlasTitles[name]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Aortic arch
        <select
          value={choice.archType}
          onChange={(event) => set('archType', event.target.value as AtlasChoice['archType'])}
        >
          <option value="I">Type I</option>
          <option value="II">Type II</option>
          <option value="III">Type III</option>
          <option value="bovine">Bovine</option>
        </select>
      </label>
      {choice.name === 'neuro' && (
        <label>
          ICA tortuosity {choice.icaTortuosity.toFixed(1)}
          <input
            type="range"
            min={0}
            max={1}
            step={0.1}
            value={choice.icaTortuosity}
            onChange={(event) => set('icaTortuosity', Number(event.target.value))}
          />
        </label>
      )}
      {choice.name === 'body' && (
        <>
          <label>
            Hepatic arteries
            <select
              value={choice.hepaticVariant}
              onChange={(event) => set('hepaticVariant', event.target.value as AtlasChoice['hepaticVariant'])}
            >
              <option value="standard">Standard</option>
              <option value="replaced-right-from-sma">Replaced right hepatic from SMA</option>
              <option value="replaced-left-from-left-gastric">Replaced left hepatic from left gastric</option>
            </select>
          </label>
          <label className="toggle">
            <input
              type="checkbox"
              checked={choice.fibroids}
              onChange={(event) => set('fibroids', event.target.checked)}
            />
            Uterine fibroids
          </label>
          <label className="toggle">
            <input
              type="checkbox"
              checked={choice.hepaticTumour}
              onChange={(event) => set('hepaticTumour', event.target.checked)}
            />
            Liver tumour
          </label>
        </>
      )}
      <label>
        Seed
        <input
          type="number"
          min={0}
          max={4294967295}
          step={1}
          placeholder="mean anatomy"
          value={choice.seed ?? ''}
          onChange={(event) => set('seed', parseSeed(event.target.value))}
        />
      </label>
      <label>
        Mesh detail
        <select value={detail} onChange={(event) => onDetailChange(event.target.value as MeshDetail)}>
          {meshDetails.map((level) => (
            <option key={level} value={level}>
              {detailTitles[level]}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}

/** An empty or invalid seed is the mean anatomy; a valid one is an unsigned 32-bit integer. */
function parseSeed(text: string): number | null {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isInteger(value) && value >= 0 && value <= 0xffffffff ? value : null;
}

/**
 * "Developer: load model": SimVascular .pth/.ctgr files or one vessel tree .json, read as text
 * here and imported by the core in the anatomy worker.
 */
export function ModelLoader({
  imported,
  error,
  onFiles,
  onBackToAtlas,
}: {
  imported: string | null;
  error: string | null;
  onFiles: (files: AnatomySourceFile[]) => void;
  onBackToAtlas: () => void;
}) {
  const [reading, setReading] = useState(false);
  const choose = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const input = event.target;
    const picked = [...(input.files ?? [])];
    if (picked.length === 0) return;
    setReading(true);
    try {
      onFiles(await Promise.all(picked.map(async (file) => ({ name: file.name, text: await file.text() }))));
    } finally {
      setReading(false);
      input.value = '';
    }
  };
  return (
    <details className="model-loader" open={imported !== null || error !== null}>
      <summary>Developer: load model</summary>
      <label>
        Vessel model files (.pth and .ctgr, or one .json)
        <input
          type="file"
          multiple
          accept=".pth,.ctgr,.json"
          disabled={reading}
          onChange={(event) => void choose(event)}
        />
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {imported && <p className="hint">Showing the imported model “{imported}”, centred at the isocentre.</p>}
      {(imported || error) && (
        <button type="button" className="secondary" onClick={onBackToAtlas}>
          Back to the atlas
        </button>
      )}
    </details>
  );
}
