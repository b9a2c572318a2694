/**
 * Saves data as a file through an object URL (no navigation, so it works under the desk's strict CSP). The URL is
 * let go a little later, once the browser has started the download.
 */
export function saveFile(filename: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
