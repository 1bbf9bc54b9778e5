/**
 * An anatomy file that cannot be read: the message starts with the file's name (and the line,
 * where one is known) and says which element, attribute or value is wrong. Importers throw only
 * this for bad input, so a caller can tell a bad file from a bug.
 */
export class AnatomyImportError extends Error {
  override name = 'AnatomyImportError';
  /** The file at fault, as the user named it. */
  readonly fileName: string;
  /** 1-based line in that file, or null where the fault is not on one line. */
  readonly line: number | null;

  constructor(fileName: string, line: number | null, problem: string) {
    super(`${fileName}${line === null ? '' : `, line ${line}`}: ${problem}`);
    this.fileName = fileName;
    this.line = line;
  }
}
