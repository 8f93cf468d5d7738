import { z } from 'zod';
import { ruleConditionsSchema, type Condition } from './access-rules';

// The API of `/api/admin/catalog` (IT's Apps page) and of `apps export` / `apps import`. Times are epoch ms.

/** Built-in icons IT picks from (drawn by the web app); '' shows the app's initial on its colour. */
export const APP_ICONS = [
  'book',
  'calculator',
  'globe',
  'pencil',
  'flask',
  'music',
  'palette',
  'code',
  'chart',
  'puzzle',
  'video',
  'headphones',
  'microscope',
  'map',
  'language',
  'camera',
  'mail',
  'calendar',
  'folder',
  'clipboard',
  'graduation',
  'library',
  'keyboard',
  'star',
] as const;
export type AppIcon = (typeof APP_ICONS)[number];

export const SIGN_IN_KINDS = ['link', 'sso', 'vault'] as const;

/**
 * An uploaded icon: PNG, JPEG or WebP (never SVG), at most this many bytes. `PUT /apps/:id/icon` takes the file's
 * bytes as the body, with the `x-gatehouse-upload: 1` header (a file upload, not JSON); it answers the AdminApp.
 */
export const ICON_MAX_BYTES = 64 * 1024;

export const ruleDraftSchema = z.strictObject({
  /** Kept when editing a rule; absent for a new one. */
  id: z.string().min(1).max(100).optional(),
  name: z.string().trim().min(1, 'is required').max(120),
  conditions: ruleConditionsSchema,
});

/** An app with its rules as IT edits it, and as the export file holds each app. */
export const appDraftSchema = z.strictObject({
  slug: z
    .string()
    .min(1, 'is required')
    .max(60)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters, digits and single dashes'),
  name: z.string().trim().min(1, 'is required').max(80),
  nameEs: z.string().trim().max(80).default(''),
  description: z.string().trim().max(500).default(''),
  descriptionEs: z.string().trim().max(500).default(''),
  /** https (http only for loopback in development); checked by the server. */
  launchUrl: z.string().min(1, 'is required').max(2000),
  signInKind: z.enum(SIGN_IN_KINDS),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1464ff'),
  icon: z.union([z.enum(APP_ICONS), z.literal('')]).default(''),
  sortOrder: z.number().int().min(0).max(10_000).default(0),
  rules: z.array(ruleDraftSchema).max(50),
});
export type AppDraft = z.infer<typeof appDraftSchema>;

/** An app as the Apps page lists and edits it. */
export interface AdminApp extends AppDraft {
  id: string;
  /** Rules with their ids. */
  rules: (AppDraft['rules'][number] & { id: string })[];
  version: number;
  retiredAt: number | null;
  /** Whether an uploaded icon replaces the built-in one (`GET /api/apps/:id/icon` serves it). */
  hasUploadedIcon: boolean;
}

/** Anything that holds an app's editable fields: a catalog row (icon as plain text), or an AdminApp. */
interface DraftSource extends Omit<AppDraft, 'icon' | 'rules'> {
  icon: string;
  rules: readonly { id: string; name: string; conditions: readonly Condition[] }[];
}

/** The app as IT edits it (and as the export file holds it), rules with their ids. */
export function draftOf(app: DraftSource): AppDraft & { rules: AdminApp['rules'] } {
  return {
    slug: app.slug,
    name: app.name,
    nameEs: app.nameEs,
    description: app.description,
    descriptionEs: app.descriptionEs,
    launchUrl: app.launchUrl,
    signInKind: app.signInKind,
    color: app.color,
    icon: app.icon as AppDraft['icon'],
    sortOrder: app.sortOrder,
    rules: app.rules.map((rule) => ({ id: rule.id, name: rule.name, conditions: [...rule.conditions] })),
  };
}

/** One saved state of an app, newest first. */
export interface AppVersionView {
  version: number;
  change: 'created' | 'edited' | 'retired' | 'restored' | 'imported';
  changedAt: number;
  changedBy: string | null;
}

/** `POST /api/admin/catalog/preview`: what saving `draft` would change (for `appId`, or a new app). */
export const previewBody = z.strictObject({
  appId: z.string().min(1).max(100).optional(),
  draft: appDraftSchema,
  /** Ask for the names of one side (at most 200, by family then given name). */
  names: z.enum(['gains', 'losses']).optional(),
});

export interface CatalogPreview {
  /** Active people who would get the tile and have it not now. */
  gains: number;
  /** Active people who have it now and would lose it. */
  losses: number;
  /** Active people who would have it after the change. */
  total: number;
  /** When asked for: the names of one side. */
  people?: { id: string; displayName: string; username: string; role: string; grade: number | null }[];
}

/** The file `apps export` writes and `apps import` reads: the whole catalog, checked whole, saved all or nothing. */
export const catalogFileSchema = z.strictObject({
  format: z.literal('gatehouse-catalog'),
  version: z.literal(1),
  apps: z.array(appDraftSchema.extend({ retired: z.boolean().default(false) })).max(1000),
});
export type CatalogFile = z.infer<typeof catalogFileSchema>;

/**
 * What `POST /api/admin/catalog/import` (and `apps import`) did, by slug; `?dryRun=true` says what it would do.
 * `retired`: live apps the file retires. A file with problems is refused whole: 400 `catalog_file_invalid`, every
 * problem in `error.details` as `{ app (slug), field, code, problem }`.
 */
export interface CatalogImportResult {
  created: string[];
  updated: string[];
  unchanged: string[];
  retired: string[];
}
