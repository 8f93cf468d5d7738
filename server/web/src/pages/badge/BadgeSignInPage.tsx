import { useEffect, useRef, useState } from 'preact/hooks';
import type { Viewer } from '../../api';
import { LanguagePicker, useI18n } from '../../i18n';
import { navigate, onLinkClick } from '../../router';
import type { MessageKey } from '../../../../../shared/i18n';
import { playHappySound } from './happy-sound';
import { BadgeIcon, HappyIcon, NoCameraIcon, SadIcon, WaitIcon } from './icons';
import { PictureGrid } from './PictureGrid';
import { useBadgeScanner, type ScanState } from './use-badge-scanner';
import { useCamera, type CameraProblem } from './use-camera';

/** Long enough to see the big tick and hear the notes before the apps appear. */
const WELCOME_MS = 1_500;

const PROBLEM_TEXT: Record<CameraProblem, MessageKey> = {
  missing: 'badge.problem.missing',
  refused: 'badge.problem.refused',
  busy: 'badge.problem.busy',
};

/** A child holds up their badge to the camera and is signed in: pictures first, very few words. */
export function BadgeSignInPage({ onSignedIn }: { onSignedIn(viewer: Viewer): void }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const title = useRef<HTMLHeadingElement>(null);
  // The link that opened this page is gone: a screen reader starts from the page's name.
  useEffect(() => title.current?.focus(), []);
  // Once the badge is accepted the camera goes off at once, before the welcome ends.
  const [signedIn, setSignedIn] = useState(false);
  const camera = useCamera(video, signedIn);
  const { state: scanner, pick, startOver } = useBadgeScanner(video, camera.kind === 'live' && !signedIn);
  const picking = scanner.kind === 'pictures';

  useEffect(() => {
    if (scanner.kind !== 'welcome') return;
    setSignedIn(true);
    playHappySound();
    const timer = setTimeout(() => {
      navigate('/');
      onSignedIn(scanner.user);
    }, WELCOME_MS);
    return () => clearTimeout(timer);
  }, [scanner.kind]);

  return (
    <main id="main" class="badge-scan">
      <div class="badge-scan-bar">
        <a href="/" onClick={onLinkClick} class="back-link">
          {t('badge.useUsername')}
        </a>
        <LanguagePicker />
      </div>
      <h1 ref={title} tabIndex={-1}>
        <BadgeIcon class="badge-icon title-icon" />
        {t('badge.title')}
      </h1>
      {camera.kind === 'problem' ? (
        <CameraProblemView problem={camera.problem} />
      ) : (
        <>
          {picking && (
            <PictureGrid key={scanner.challenge} choices={scanner.choices} onPicked={pick} onBack={startOver} />
          )}
          {/* Hidden, not removed, while the pictures are picked: the camera stays ready for the next scan. */}
          <div class={`camera-box ${scanner.kind}`} hidden={picking}>
            <video ref={video} muted playsInline autoplay aria-hidden="true" />
            <div class="camera-frame" aria-hidden="true" />
            <ScanPicture state={scanner} />
          </div>
          <p class={`scan-status ${scanner.kind}`} role="status">
            {camera.kind === 'starting' ? t('badge.starting') : <ScanWords state={scanner} />}
          </p>
        </>
      )}
    </main>
  );
}

function ScanPicture({ state }: { state: ScanState }) {
  if (state.kind === 'welcome') return <HappyIcon />;
  if (state.kind === 'refused' || state.kind === 'failed') return <SadIcon />;
  if (state.kind === 'waiting') return <WaitIcon />;
  return null;
}

function ScanWords({ state }: { state: ScanState }) {
  const { t, errorText } = useI18n();
  switch (state.kind) {
    case 'looking':
      return <>{t('badge.looking')}</>;
    case 'checking':
      return <>{t('badge.checking')}</>;
    case 'refused':
      return <>{t('badge.refused')}</>;
    case 'failed':
      return <>{errorText(state.caught)}</>;
    case 'waiting':
      return <>{t('badge.wait', { seconds: state.seconds })}</>;
    case 'pictures':
      return <>{t('badge.pictures.title')}</>;
    case 'welcome':
      return <>{t('badge.welcome', { name: state.user.displayName })}</>;
  }
}

function CameraProblemView({ problem }: { problem: CameraProblem }) {
  const { t } = useI18n();
  return (
    <div class="camera-problem" role="alert">
      <NoCameraIcon />
      <p>{t(PROBLEM_TEXT[problem])}</p>
      <a href="/" onClick={onLinkClick} class="big-link">
        {t('badge.useUsername')}
      </a>
    </div>
  );
}
