/**
 * Chrome's own password manager must never offer to save a vault password the extension filled: the
 * extension turns password saving off for the browser it manages (the district's policy does too).
 */
export type PasswordSaving = 'off' | 'on' | 'unknown';

export async function turnOffPasswordSaving() {
  await chrome.privacy.services.passwordSavingEnabled.set({ value: false });
}

/** What the popup's diagnostics show: whether Chrome still offers to save passwords. */
export async function passwordSaving(): Promise<PasswordSaving> {
  const setting = await chrome.privacy.services.passwordSavingEnabled.get({}).catch(() => undefined);
  if (!setting) return 'unknown';
  return setting.value === false ? 'off' : 'on';
}
