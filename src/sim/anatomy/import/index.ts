import type { VesselTree } from '../model.ts';
import { vesselTreeFromFile } from '../tree-file.ts';
import { AnatomyImportError } from './import-error.ts';
import { baseName, importSimVascular, type AnatomySourceFile } from './simvascular.ts';

export { AnatomyImportError } from './import-error.ts';
export { importSimVascular, type AnatomySourceFile } from './simvascular.ts';

/**
 * Reads a vessel tree from the files a person picked, by their extensions: one `.json` file in
 * the project's own tree format, or a SimVascular project's `.pth` paths and `.ctgr` contour
 * groups (the tree is named after the first path file). Every error names the file at fault.
 */
export function importVesselTreeFiles(files: readonly AnatomySourceFile[]): VesselTree {
  if (files.length === 0) {
    throw new Error('no anatomy files given: choose one vessel tree .json file, or SimVascular .pth and .ctgr files');
  }
  const kinds = files.map((file) => kindOf(file));
  const json = files.filter((_, index) => kinds[index] === 'json');
  if (json.length === 0) {
    const firstPath = files.find((_, index) => kinds[index] === 'pth');
    return importSimVascular(files, firstPath ? baseName(firstPath.name) : baseName(files[0]!.name));
  }
  if (files.length > 1) {
    throw new AnatomyImportError(
      json[0]!.name,
      null,
      `a vessel tree .json file is read on its own, not with ${files
        .filter((file) => file !== json[0])
        .map((file) => file.name)
        .join(', ')}`,
    );
  }
  const file = json[0]!;
  let value: unknown;
  try {
    value = JSON.parse(file.text);
  } catch (error) {
    throw new AnatomyImportError(file.name, null, `not valid JSON (${(error as Error).message})`);
  }
  return vesselTreeFromFile(value, file.name);
}

function kindOf(file: AnatomySourceFile): 'json' | 'pth' | 'ctgr' {
  const extension = /\.([^.\\/]+)$/.exec(file.name)?.[1]?.toLowerCase();
  if (extension === 'json' || extension === 'pth' || extension === 'ctgr') return extension;
  throw new AnatomyImportError(
    file.name,
    null,
    'not an anatomy file IR Trainer reads: choose a vessel tree .json file, or SimVascular .pth and .ctgr files',
  );
}
