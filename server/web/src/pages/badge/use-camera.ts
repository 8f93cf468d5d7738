import { useEffect, useRef, useState, type MutableRef } from 'preact/hooks';

/** Why there is no picture: no camera at all, the person (or the browser's settings) said no, or it is in use. */
export type CameraProblem = 'missing' | 'refused' | 'busy';

export type CameraState = { kind: 'starting' } | { kind: 'live' } | { kind: 'problem'; problem: CameraProblem };

/** What a `getUserMedia` failure means for the person in front of the screen. */
export function cameraProblemOf(error: unknown): CameraProblem {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'refused';
  if (name === 'NotReadableError' || name === 'AbortError') return 'busy';
  return 'missing';
}

/**
 * Opens the camera into `video` while the page is shown, and stops every track when it goes (or when
 * `stopped` turns true, e.g. once the child is signed in), so the camera light goes off.
 */
export function useCamera(video: MutableRef<HTMLVideoElement | null>, stopped: boolean): CameraState {
  const [state, setState] = useState<CameraState>({ kind: 'starting' });
  const stream = useRef<MediaStream | null>(null);

  useEffect(() => {
    if (stopped) return;
    let current = true;
    if (!navigator.mediaDevices?.getUserMedia) {
      setState({ kind: 'problem', problem: 'missing' });
      return;
    }
    navigator.mediaDevices
      .getUserMedia({ audio: false, video: { facingMode: 'user', width: { ideal: 1280 }, height: { ideal: 720 } } })
      .then(
        async (opened) => {
          if (!current) return stopTracks(opened);
          stream.current = opened;
          if (video.current) {
            video.current.srcObject = opened;
            await video.current.play().catch(() => undefined);
          }
          setState({ kind: 'live' });
        },
        (error) => current && setState({ kind: 'problem', problem: cameraProblemOf(error) }),
      );
    return () => {
      current = false;
      if (stream.current) stopTracks(stream.current);
      stream.current = null;
      if (video.current) video.current.srcObject = null;
    };
  }, [stopped]);

  return state;
}

function stopTracks(stream: MediaStream) {
  for (const track of stream.getTracks()) track.stop();
}
