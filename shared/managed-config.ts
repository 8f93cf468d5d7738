import { z } from 'zod';

/**
 * The extension's configuration as the district sets it through Chrome policy (`chrome.storage.managed`,
 * declared in extension/public/managed-schema.json). Validated before use; anything invalid counts as absent.
 */
export const managedConfigSchema = z.object({
  portalOrigin: z.url(),
  apiBase: z.url(),
  canonicalPortalUrl: z.url(),
  districtName: z.string().min(1),
  bookmarkAliases: z.array(z.string().min(1)).default([]),
  /**
   * The managed-device secret (and its id) that pairing must prove. Only policy delivers it; the extension
   * never copies it out of managed storage. Without it the extension repairs bookmarks but signs no one in.
   */
  deviceSecretId: z.string().min(1).max(64).optional(),
  deviceSecret: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/)
    .optional(),
});
export type ManagedConfig = z.infer<typeof managedConfigSchema>;

/** The configuration, or the reason it cannot be used. An empty object means "not arrived yet". */
export function readManagedConfig(
  raw: unknown,
): { ok: true; config: ManagedConfig } | { ok: false; reason: 'missing' | 'invalid' } {
  if (!raw || (typeof raw === 'object' && Object.keys(raw).length === 0)) return { ok: false, reason: 'missing' };
  const parsed = managedConfigSchema.safeParse(raw);
  return parsed.success ? { ok: true, config: parsed.data } : { ok: false, reason: 'invalid' };
}
