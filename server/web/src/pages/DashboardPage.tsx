import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Tile, type Viewer } from '../api';
import { ErrorMessage, StatusMessage } from '../components/Messages';
import { useI18n } from '../i18n';
import { useTransientMessage } from '../use-transient-message';
import { TileFace, tileHref } from './TileFace';
import { OwnEntryPanel } from './vault/OwnEntryPanel';
import { SignInHelpPanel } from './vault/SignInHelpPanel';
import { vaultApi, type VaultTileStatus } from './vault/vault-api';
import { VaultTile } from './vault/VaultTile';

interface DashboardPageProps {
  viewer: Viewer;
  onSessionEnded(): void;
}

/** What opens below the heading for one vault app. */
type VaultPanel = { kind: 'help'; app: Tile } | { kind: 'own'; app: Tile; status: VaultTileStatus };

export function DashboardPage({ viewer, onSessionEnded }: DashboardPageProps) {
  const { t, errorText } = useI18n();
  const [tiles, setTiles] = useState<Tile[] | null>(null);
  const [statuses, setStatuses] = useState<VaultTileStatus[] | null>(null);
  const [panel, setPanelState] = useState<VaultPanel | null>(null);
  const [notice, setNotice] = useTransientMessage();
  const [error, setError] = useState('');

  useEffect(() => {
    const failed = (caught: unknown) =>
      caught instanceof ApiError && caught.status === 401 ? onSessionEnded() : setError(errorText(caught));
    api<{ tiles: Tile[] }>('/apps/tiles').then((result) => {
      setTiles(result.tiles);
      if (result.tiles.some((tile) => tile.signInKind === 'vault')) vaultApi.tiles().then(setStatuses, failed);
    }, failed);
  }, []);

  /** Opening or closing a panel is the person's next action: an earlier result no longer applies. */
  function setPanel(next: VaultPanel | null) {
    setNotice('');
    setPanelState(next);
  }

  function ownEntrySaved(app: Tile, next: VaultTileStatus[]) {
    setStatuses(next);
    setPanelState(null);
    setNotice(t('vault.own.saved', { app: app.name }));
  }

  return (
    <section aria-labelledby="dashboard-title">
      <p class="greeting">{t('dashboard.greeting', { name: viewer.displayName })}</p>
      <h1 id="dashboard-title">{t('dashboard.title')}</h1>
      <ErrorMessage message={error} />
      <StatusMessage message={notice} />
      {panel?.kind === 'help' && (
        <SignInHelpPanel key={`help-${panel.app.id}`} app={panel.app} onClose={() => setPanel(null)} />
      )}
      {panel?.kind === 'own' && (
        <OwnEntryPanel
          key={`own-${panel.app.id}`}
          app={panel.app}
          status={panel.status}
          onSaved={(next) => ownEntrySaved(panel.app, next)}
          onClose={() => setPanel(null)}
        />
      )}
      {!error && tiles === null && <p role="status">{t('dashboard.loading')}</p>}
      {tiles?.length === 0 && <p>{t('dashboard.empty')}</p>}
      {tiles && tiles.length > 0 && (
        <ul class="tiles">
          {tiles.map((tile) => (
            <li key={tile.id}>
              {tile.signInKind === 'vault' ? (
                <VaultTile
                  tile={tile}
                  status={statuses?.find((status) => status.appId === tile.id)}
                  onLaunched={(app) => setPanel({ kind: 'help', app })}
                  onAddOwnEntry={(app, status) => setPanel({ kind: 'own', app, status })}
                  onStatuses={setStatuses}
                />
              ) : (
                <a class="tile" href={tileHref(tile)} data-app={tile.slug}>
                  <TileFace tile={tile} />
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
