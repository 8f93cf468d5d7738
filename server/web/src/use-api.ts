import { useEffect, useState } from 'preact/hooks';
import { api, type Tile } from './api';
import { useI18n } from './i18n';

interface Loaded<T> {
  data: T | null;
  /** Catalog text for a failed load; empty otherwise. */
  error: string;
  /** Loads again, keeping what is shown until the new answer arrives. */
  reload(): void;
}

/** Reads `path` from the API whenever it changes (nothing while it is null). */
export function useApi<T>(path: string | null): Loaded<T> {
  const { errorText } = useI18n();
  const [state, setState] = useState<{ data: T | null; error: string }>({ data: null, error: '' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (path === null) {
      setState({ data: null, error: '' });
      return;
    }
    let current = true;
    api<T>(path).then(
      (data) => current && setState({ data, error: '' }),
      (caught) => current && setState({ data: null, error: errorText(caught) }),
    );
    return () => {
      current = false;
    };
  }, [path, round]);
  return { ...state, reload: () => setRound((value) => value + 1) };
}

/** The apps that sign people in with stored sign-ins, for IT's pages. */
export function useVaultApps(): Loaded<Tile[]> {
  const loaded = useApi<{ apps: Tile[] }>('/admin/apps');
  return { ...loaded, data: loaded.data?.apps.filter((app) => app.signInKind === 'vault') ?? null };
}
