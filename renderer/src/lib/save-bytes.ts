// Hands bytes the service made (a lab capture, a timeline) to the user as a file: a download in the
// browser; in Electron the same download asks where to save it.

export function saveBytes(fileName: string, mimeType: string, base64: string): void {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  saveBlob(fileName, new Blob([bytes], { type: mimeType }));
}

/** Text the service made (a report) as a file. */
export function saveText(fileName: string, mimeType: string, text: string): void {
  saveBlob(fileName, new Blob([text], { type: mimeType }));
}

export function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked after the click has started the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
