import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Tile, type Viewer } from '../api';
import { useI18n } from '../i18n';

interface DashboardPageProps {
  viewer: Viewer;
  onSessionEnded(): void;
}

export function DashboardPage({ viewer, onSessionEnded }: DashboardPageProps) {
  const { t, errorText } = useI18n();
  const [tiles, setTiles] = useState<Tile[] | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    api<{ tiles: Tile[] }>('/apps/tiles').then(
      (result) => setTiles(result.tiles),
      (caught) =>
        caught instanceof ApiError && caught.status === 401 ? onSessionEnded() : setError(errorText(caught)),
    );
  }, []);

  return (
    <section aria-labelledby="dashboard-title">
      <p class="greeting">{t('dashboard.greeting', { name: viewer.displayName })}</p>
      <h1 id="dashboard-title">{t('dashboard.title')}</h1>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!error && tiles === null && <p role="status">{t('dashboard.loading')}</p>}
      {tiles?.length === 0 && <p>{t('dashboard.empty')}</p>}
      {tiles && tiles.length > 0 && (
        <ul class="tiles">
          {tiles.map((tile) => (
            <li key={tile.id}>
              {/* The link's name is its visible text, name then description (WCAG 2.5.3, label in name). */}
              <a class="tile" href={tile.launchUrl} data-app={tile.slug}>
                <span class="tile-icon" aria-hidden="true" style={{ backgroundColor: tile.color }}>
                  {tile.name.charAt(0)}
                </span>
                <span class="tile-name">{tile.name}</span>
                <span class="tile-description">{tile.description}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
