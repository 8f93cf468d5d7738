import type { LucideIcon } from 'lucide-preact';
import {
  Book,
  Calculator,
  Calendar,
  Camera,
  ChartColumn,
  Clipboard,
  Code,
  FlaskConical,
  Folder,
  Globe,
  GraduationCap,
  Headphones,
  Keyboard,
  Languages,
  Library,
  Mail,
  Map,
  Microscope,
  Music,
  Palette,
  Pencil,
  Puzzle,
  Star,
  Video,
} from 'lucide-preact';
import type { AppIcon as AppIconName } from '../../../../shared/catalog-admin';

/** The drawing of each built-in icon IT picks from (shared/catalog-admin.ts names them). */
export const BUILT_IN_ICONS: Record<AppIconName, LucideIcon> = {
  book: Book,
  calculator: Calculator,
  globe: Globe,
  pencil: Pencil,
  flask: FlaskConical,
  music: Music,
  palette: Palette,
  code: Code,
  chart: ChartColumn,
  puzzle: Puzzle,
  video: Video,
  headphones: Headphones,
  microscope: Microscope,
  map: Map,
  language: Languages,
  camera: Camera,
  mail: Mail,
  calendar: Calendar,
  folder: Folder,
  clipboard: Clipboard,
  graduation: GraduationCap,
  library: Library,
  keyboard: Keyboard,
  star: Star,
};

export interface AppIconProps {
  name: string;
  color: string;
  icon: AppIconName | '';
  /** An uploaded image; it wins over the built-in icon. */
  iconUrl?: string | null;
  size?: 'small' | 'large';
}

/**
 * A tile's icon: the uploaded image, else the built-in drawing, else the name's initial, on the app's colour.
 * Decorative: the app's name is always written beside it.
 */
export function AppIcon({ name, color, icon, iconUrl, size = 'large' }: AppIconProps) {
  const Drawing = icon ? BUILT_IN_ICONS[icon] : undefined;
  return (
    <span class={`tile-icon app-icon ${size}`} aria-hidden="true" style={{ backgroundColor: color }}>
      {iconUrl ? (
        <img src={iconUrl} alt="" />
      ) : Drawing ? (
        <Drawing aria-hidden="true" focusable="false" />
      ) : (
        name.charAt(0)
      )}
    </span>
  );
}
