import { useEffect, useRef, useState, type MutableRef } from 'preact/hooks';
import { api, ApiError, type Viewer } from '../../api';
import type {
  BadgePicture,
  BadgePicturesRequest,
  BadgeSignInRequest,
  BadgeSignInResponse,
} from '../../../../../shared/badges';
import { readBadgeFrom } from './read-badge';

/** How often a frame is decoded: quick enough to feel instant, light enough for an old Chromebook. */
const SCANS_PER_SECOND = 4;
/** How long a refusal stays on screen before the camera looks again. */
const REFUSAL_PAUSE_MS = 3_000;
/** A refused text is not sent again for this long: the card is probably still in front of the camera. */
const REFUSED_TEXT_MEMORY_MS = 10_000;
/**
 * The picture step goes back to the camera a little before its two minutes end on the server, so the next child
 * at a shared Chromebook never meets the last one's grid.
 */
const PICTURE_STEP_SHOWN_MS = 110_000;

export type ScanState =
  | { kind: 'looking' }
  | { kind: 'checking' }
  | { kind: 'refused' }
  | { kind: 'failed'; caught: unknown }
  | { kind: 'waiting'; seconds: number }
  /** The district asks this child for their two pictures too: the grid to pick them from. */
  | { kind: 'pictures'; challenge: string; choices: BadgePicture[] }
  | { kind: 'welcome'; user: Viewer };

export interface BadgeScanner {
  state: ScanState;
  /** Sends the two pictures picked in the `pictures` state. */
  pick(pictures: BadgePicture[]): void;
  /** Leaves the picture step for the camera again. */
  startOver(): void;
}

/**
 * Looks for a badge in the camera's frames while `scanning`, and signs its owner in. A refusal pauses and
 * then looks again, never re-sending the same text at once; a throttled answer waits as long as it says.
 */
export function useBadgeScanner(video: MutableRef<HTMLVideoElement | null>, scanning: boolean): BadgeScanner {
  const [state, setStateValue] = useState<ScanState>({ kind: 'looking' });
  const current = useRef<ScanState>(state);
  const refused = useRef<{ text: string; until: number } | null>(null);
  const timers = useRef<number[]>([]);

  function setState(next: ScanState) {
    current.current = next;
    setStateValue(next);
  }

  function later(ms: number, job: () => void) {
    timers.current.push(window.setTimeout(job, ms));
  }

  function lookAgainAfter(ms: number) {
    later(ms, () => setState({ kind: 'looking' }));
  }

  function countDown(seconds: number) {
    if (seconds <= 0) return setState({ kind: 'looking' });
    setState({ kind: 'waiting', seconds });
    later(1_000, () => countDown(seconds - 1));
  }

  /** Asks the portal, then shows what it answered: signed in, the picture step, a refusal or a wait. */
  async function ask(path: string, body: BadgeSignInRequest | BadgePicturesRequest, text: string) {
    setState({ kind: 'checking' });
    try {
      const answer = await api<BadgeSignInResponse>(path, { method: 'POST', body });
      if ('next' in answer) return showPictures(answer.challenge, answer.choices);
      setState({ kind: 'welcome', user: answer.user as Viewer });
    } catch (caught) {
      // Throttled: the badge itself may be fine, so once the wait is over the same card is tried again.
      if (caught instanceof ApiError && caught.status === 429) return countDown(caught.retryAfterSeconds ?? 30);
      refused.current = { text, until: Date.now() + REFUSED_TEXT_MEMORY_MS };
      setState(caught instanceof ApiError && caught.status === 401 ? { kind: 'refused' } : { kind: 'failed', caught });
      lookAgainAfter(REFUSAL_PAUSE_MS);
    }
  }

  function showPictures(challenge: string, choices: BadgePicture[]) {
    setState({ kind: 'pictures', challenge, choices });
    later(PICTURE_STEP_SHOWN_MS, () => {
      const shown = current.current;
      if (shown.kind === 'pictures' && shown.challenge === challenge) setState({ kind: 'looking' });
    });
  }

  const lastText = useRef('');
  function send(text: string) {
    lastText.current = text;
    void ask('/auth/badge', { badge: text }, text);
  }

  function pick(pictures: BadgePicture[]) {
    const shown = current.current;
    if (shown.kind !== 'pictures') return;
    void ask('/auth/badge/pictures', { challenge: shown.challenge, pictures }, lastText.current);
  }

  useEffect(() => {
    if (!scanning) return;
    const canvas = document.createElement('canvas');
    const timer = window.setInterval(() => {
      if (current.current.kind !== 'looking' || !video.current) return;
      const text = readBadgeFrom(video.current, canvas);
      if (!text) return;
      const memory = refused.current;
      if (memory && memory.text === text && Date.now() < memory.until) return;
      send(text);
    }, 1_000 / SCANS_PER_SECOND);
    return () => window.clearInterval(timer);
  }, [scanning]);

  useEffect(() => () => timers.current.forEach((timer) => window.clearTimeout(timer)), []);

  function startOver() {
    if (current.current.kind === 'pictures') setState({ kind: 'looking' });
  }

  return { state, pick, startOver };
}
