/**
 * Files in and out of the app the same way under Electron and the bridge: a download (Electron
 * asks where to save it) and the file a person picked in a file input. The renderer never sees
 * a path it did not get from such a dialog.
 */

export function saveFile(fileName: string, contents: Blob | string, type = 'application/octet-stream'): void {
  const blob = typeof contents === 'string' ? new Blob([contents], { type }) : contents;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** Bytes as base64, in slices (a spread of a large array would overflow the call stack). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
