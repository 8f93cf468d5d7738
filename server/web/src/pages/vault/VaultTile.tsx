import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { Tile } from '../../api';
import { ErrorMessage } from '../../components/Messages';
import { useI18n } from '../../i18n';
import { useAction } from '../../use-action';
import { TileFace } from '../TileFace';
import { launchWithExtension } from '../../extension/extension-bridge';
import { useExtensionReadiness } from '../../extension/use-extension-readiness';
import { useTransientMessage } from '../../use-transient-message';
import { sourceMessage, stateMessage, vaultApi, type VaultTileStatus } from './vault-api';

interface VaultTileProps {
  tile: Tile;
  /** Undefined while the statuses load. */
  status: VaultTileStatus | undefined;
  onLaunched(tile: Tile): void;
  onAddOwnEntry(tile: Tile, status: VaultTileStatus): void;
  onStatuses(statuses: VaultTileStatus[]): void;
}

/**
 * An app signed in with a stored sign-in: its state in words, a launch when ready (otherwise a plain link to
 * the app), and what the person can do about it.
 */
export function VaultTile({ tile, status, onLaunched, onAddOwnEntry, onStatuses }: VaultTileProps) {
  const { t } = useI18n();
  const stateId = useId();
  // The launch button is never disabled (a disabled button drops focus, which the panel must give back to
  // it), so useAction ignores a second click while working.
  const { working, error, run } = useAction();
  const [confirmed, setConfirmed] = useState(false);
  const [opened, setOpened] = useTransientMessage();
  const extensionReady = useExtensionReadiness() === 'ready';
  const launchButton = useRef<HTMLButtonElement>(null);
  const ready = status?.state === 'ready';
  const source = status && sourceMessage(status);

  // The confirm button goes away once confirmed; the launch button that replaces it takes focus.
  useEffect(() => {
    if (confirmed && ready) launchButton.current?.focus();
  }, [confirmed, ready]);

  const launch = () =>
    run(async () => {
      setOpened('');
      const ticket = await vaultApi.launch(tile.id);
      const handled = await launchWithExtension(ticket);
      if (handled) setOpened(t('vault.openedByExtension', { app: tile.name }));
      // Without the extension the person gets the how-to-sign-in help instead.
      if (!handled) onLaunched(tile);
    });
  const confirm = () =>
    run(async () => {
      onStatuses(await vaultApi.confirm(tile.id));
      setConfirmed(true);
    });
  const forApp = <span class="visually-hidden"> ({tile.name})</span>;

  return (
    <div class="tile vault-tile" data-app={tile.slug}>
      {ready ? (
        <button
          type="button"
          class="tile-main"
          ref={launchButton}
          aria-describedby={stateId}
          aria-busy={working}
          onClick={launch}
        >
          <TileFace tile={tile} />
        </button>
      ) : (
        // Not ready to sign in for them: the app itself is still a link away, to sign in by hand.
        <a class="tile-main" href={tile.launchUrl} aria-describedby={stateId}>
          <TileFace tile={tile} />
        </a>
      )}
      <p id={stateId} class={`tile-state ${status?.state ?? 'checking'}`}>
        {status ? t(stateMessage(status, extensionReady)) : t('vault.state.checking')}
      </p>
      {source && <p class="tile-source">{t(source)}</p>}
      {status?.state === 'needs_attention' && (
        <button type="button" class="secondary" disabled={working} onClick={confirm}>
          {t('vault.confirm')}
          {forApp}
        </button>
      )}
      {status && status.userEntries !== 'off' && (
        <button type="button" class="secondary" onClick={() => onAddOwnEntry(tile, status)}>
          {t('vault.useOwn')}
          {forApp}
        </button>
      )}
      <p role="status" class="tile-opened">
        {opened}
      </p>
      <ErrorMessage message={error} />
    </div>
  );
}
