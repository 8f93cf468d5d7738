/** Hands a file made in the page to the browser as a download. */
export function saveFile(file: Blob, filename: string) {
  const url = URL.createObjectURL(file);
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by the time the click returns; the URL can go once this task ends.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
