const escapeXml = (text: string) =>
  text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/**
 * The update manifest Chrome fetches from the extension's `update_url` (the gupdate format of
 * developer.chrome.com/docs/extensions/how-to/distribute/host-on-linux#update_url): one app, its newest
 * version and where to download that version's CRX.
 */
export function updateManifestXml({
  extensionId,
  version,
  codebase,
}: {
  extensionId: string;
  version: string;
  codebase: string;
}): string {
  return [
    "<?xml version='1.0' encoding='UTF-8'?>",
    "<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>",
    `  <app appid='${escapeXml(extensionId)}'>`,
    `    <updatecheck codebase='${escapeXml(codebase)}' version='${escapeXml(version)}' />`,
    '  </app>',
    '</gupdate>',
    '',
  ].join('\n');
}
