import jsQR from 'jsqr';

/** The start of every badge's QR text (`G1:<id>:<secret>`); anything else in front of the camera is ignored. */
const BADGE_PREFIX = 'G1:';
/** Frames wider than this are scaled down before decoding: a badge held up fills enough of the picture. */
const MAX_DECODE_WIDTH = 960;

/**
 * The badge text in the video's current frame, or null. The frame is copied into a canvas that never
 * leaves this page and decoded here: only the decoded text is ever sent to the portal, no image.
 */
export function readBadgeFrom(video: HTMLVideoElement, canvas: HTMLCanvasElement): string | null {
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0) return null;
  const scale = Math.min(1, MAX_DECODE_WIDTH / video.videoWidth);
  const width = Math.round(video.videoWidth * scale);
  const height = Math.round(video.videoHeight * scale);
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return null;
  context.drawImage(video, 0, 0, width, height);
  const frame = context.getImageData(0, 0, width, height);
  const code = jsQR(frame.data, width, height, { inversionAttempts: 'dontInvert' });
  const text = code?.data.trim() ?? '';
  return text.startsWith(BADGE_PREFIX) ? text : null;
}
