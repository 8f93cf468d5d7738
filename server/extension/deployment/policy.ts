import type { ManagedDeviceSecret } from '../../../shared/extension/managed-proof';
import type { ManagedConfig } from '../../../shared/managed-config';

/**
 * What district IT sets so every managed Chrome installs the extension from the portal and configures it:
 * the Google Admin console entries, and the same as local policy files for testing on one machine.
 * Pure: the CLI (`extension-policy`) and the admin page (`/api/admin/extension`) both print this.
 */

export interface ExtensionPolicyInput {
  extensionId: string;
  /** The portal's address, an origin without a path (checked by `checkPortalUrl`). */
  portalUrl: string;
  districtName: string;
  /** Old or mistyped portal host names whose bookmarks the extension repairs. */
  bookmarkAliases?: readonly string[];
  /** The current managed-device secret: every pairing must prove it, so only managed browsers get sign-ins. */
  deviceSecret: ManagedDeviceSecret;
}

/**
 * Chrome policies for the students' organizational unit, beside the extension's own. Each closes a way for
 * a student to read what the extension fills or holds (see docs/district-it.md).
 */
export const STUDENT_HARDENING = {
  /** 2 = never: no DevTools, so no reading the extension's memory, its managed policy or a filled field. */
  DeveloperToolsAvailability: 2,
  /** Chrome never offers to save a password the extension typed, so none can be read back in its settings. */
  PasswordManagerEnabled: false,
} as const;

/** Where each hardening policy is in Google Admin (Chrome browser → Settings → Users & browsers). */
const STUDENT_HARDENING_IN_GOOGLE_ADMIN = [
  'Developer tools: Never allow use of built-in developer tools',
  'Password manager: Never allow use of password manager',
];

/** The portal's sign-in page reads QR badges with the camera: allowed without a prompt a child cannot answer. */
const cameraFor = (portalOrigin: string) => ({ VideoCaptureAllowedUrls: [portalOrigin] });
const cameraInGoogleAdmin = (portalOrigin: string) => `Video input allowed URLs: ${portalOrigin}`;

export const GOOGLE_ADMIN_PATH =
  'Apps & extensions → Users & browsers → + → Add Chrome app or extension by ID → From a custom URL';
export const LINUX_POLICY_FILES = {
  chrome: '/etc/opt/chrome/policies/managed/gatehouse.json',
  chromium: '/etc/chromium/policies/managed/gatehouse.json',
} as const;
const WINDOWS_CHROME_POLICIES = 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Google\\Chrome';

/** The update manifest the portal publishes (see routes.ts), for a portal URL without a trailing slash. */
export const updateUrlFor = (portalUrl: string) => `${portalUrl.replace(/\/+$/, '')}/extension/updates.xml`;

export function extensionPolicies({
  extensionId,
  portalUrl,
  districtName,
  bookmarkAliases = [],
  deviceSecret,
}: ExtensionPolicyInput) {
  const portal = portalUrl.replace(/\/+$/, '');
  const updateUrl = updateUrlFor(portal);
  // Field for field extension/public/managed-schema.json; Chrome drops undeclared keys and wrong types silently.
  const managedConfig: ManagedConfig = {
    portalOrigin: new URL(portal).origin,
    apiBase: portal,
    canonicalPortalUrl: `${portal}/`,
    districtName,
    bookmarkAliases: [...bookmarkAliases],
    deviceSecretId: deviceSecret.id,
    deviceSecret: deviceSecret.secret,
  };
  return {
    extensionId,
    updateUrl,
    /** The values the extension reads from chrome.storage.managed. */
    managedConfig,
    googleAdmin: {
      path: GOOGLE_ADMIN_PATH,
      extensionId,
      customUrl: updateUrl,
      installationPolicy: 'Force install',
      /** Pasted into "Policy for extensions": Google Admin wants each value wrapped as `{ "Value": v }`. */
      policyForExtensions: Object.fromEntries(
        Object.entries(managedConfig).map(([name, value]) => [name, { Value: value }]),
      ) as { [K in keyof ManagedConfig]: { Value: ManagedConfig[K] } },
      /** The student OU's user settings, in Google Admin's words. */
      studentSettings: [...STUDENT_HARDENING_IN_GOOGLE_ADMIN, cameraInGoogleAdmin(managedConfig.portalOrigin)],
    },
    /** The content of LINUX_POLICY_FILES.chrome (or .chromium): install and configuration in one file. */
    linuxPolicy: {
      ...STUDENT_HARDENING,
      ...cameraFor(managedConfig.portalOrigin),
      ExtensionSettings: { [extensionId]: { installation_mode: 'force_installed', update_url: updateUrl } },
      '3rdparty': { extensions: { [extensionId]: managedConfig } },
    },
    linuxPolicyFiles: LINUX_POLICY_FILES,
    windowsReg: windowsRegFile(extensionId, updateUrl, managedConfig),
  };
}

export type ExtensionPolicies = ReturnType<typeof extensionPolicies>;

const regString = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** A .reg file for Chrome on a domain-joined Windows machine; lists are subkeys with values "1", "2", …. */
function windowsRegFile(extensionId: string, updateUrl: string, config: ManagedConfig): string {
  const policyKey = `${WINDOWS_CHROME_POLICIES}\\3rdparty\\extensions\\${extensionId}\\policy`;
  const lines = [
    'Windows Registry Editor Version 5.00',
    '',
    '; If ExtensionInstallForcelist already lists other extensions, change "1" to the next free number.',
    `[${WINDOWS_CHROME_POLICIES}\\ExtensionInstallForcelist]`,
    `"1"=${regString(`${extensionId};${updateUrl}`)}`,
    '',
    `[${WINDOWS_CHROME_POLICIES}]`,
    `"DeveloperToolsAvailability"=dword:0000000${STUDENT_HARDENING.DeveloperToolsAvailability}`,
    `"PasswordManagerEnabled"=dword:00000000`,
    '',
    `[${WINDOWS_CHROME_POLICIES}\\VideoCaptureAllowedUrls]`,
    `"1"=${regString(config.portalOrigin)}`,
    '',
    `[${policyKey}]`,
    `"portalOrigin"=${regString(config.portalOrigin)}`,
    `"apiBase"=${regString(config.apiBase)}`,
    `"canonicalPortalUrl"=${regString(config.canonicalPortalUrl)}`,
    `"districtName"=${regString(config.districtName)}`,
    `"deviceSecretId"=${regString(config.deviceSecretId ?? '')}`,
    `"deviceSecret"=${regString(config.deviceSecret ?? '')}`,
    '',
    // Deleting the list first drops aliases left over from an earlier import.
    `[-${policyKey}\\bookmarkAliases]`,
    '',
    `[${policyKey}\\bookmarkAliases]`,
    ...config.bookmarkAliases.map((alias, index) => `"${index + 1}"=${regString(alias)}`),
    '',
  ];
  return lines.join('\r\n');
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The portal URL as the extension and its policies need it: https (http only on loopback, for development),
 * an origin with no path, query or credentials. A reason to show otherwise.
 */
export function checkPortalUrl(raw: string): { ok: true; url: string } | { ok: false; problem: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: `"${raw}" is not a URL; give the portal's address, e.g. https://my.district.org` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: 'must start with https://' };
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname) && !url.hostname.startsWith('127.'))
    return { ok: false, problem: `must use https:// (plain http is only for 127.0.0.1 and localhost), not ${raw}` };
  if (url.username || url.password) return { ok: false, problem: 'must not contain a user name or password' };
  if (url.pathname !== '/' || url.search || url.hash)
    return { ok: false, problem: `must be the portal's address without a path, e.g. ${url.origin}` };
  return { ok: true, url: url.origin };
}

/** A bookmark alias is a host name (optionally with a port) such as old-portal.district.org, not a URL. */
export function checkAlias(raw: string): { ok: true; alias: string } | { ok: false; problem: string } {
  const alias = raw.trim().toLowerCase();
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/.test(alias))
    return { ok: false, problem: `"${raw}" is not a host name such as old-portal.district.org` };
  return { ok: true, alias };
}
