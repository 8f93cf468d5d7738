// Pictures that carry the meaning for a child who cannot read yet; the words beside them are for everyone else.

/** A badge card with a QR code on it. */
export function BadgeIcon({ class: className = 'badge-icon' }: { class?: string }) {
  return (
    <svg class={className} viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <rect x="4" y="4" width="40" height="40" rx="6" fill="#fff" stroke="currentColor" stroke-width="3" />
      <rect x="10" y="10" width="11" height="11" fill="currentColor" />
      <rect x="27" y="10" width="11" height="11" fill="currentColor" />
      <rect x="10" y="27" width="11" height="11" fill="currentColor" />
      <rect x="28" y="28" width="4" height="4" fill="currentColor" />
      <rect x="34" y="34" width="4" height="4" fill="currentColor" />
      <rect x="34" y="28" width="4" height="4" fill="currentColor" />
    </svg>
  );
}

export function HappyIcon() {
  return (
    <svg class="scan-icon happy" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <circle cx="24" cy="24" r="21" fill="#166534" />
      <path d="M13 25l7 7 15-16" fill="none" stroke="#fff" stroke-width="5" stroke-linecap="round" />
    </svg>
  );
}

export function SadIcon() {
  return (
    <svg class="scan-icon sad" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <circle cx="24" cy="24" r="21" fill="#a4161a" />
      <path d="M16 16l16 16M32 16L16 32" stroke="#fff" stroke-width="5" stroke-linecap="round" />
    </svg>
  );
}

export function WaitIcon() {
  return (
    <svg class="scan-icon wait" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <circle cx="24" cy="24" r="20" fill="#fff" stroke="#1f3b5c" stroke-width="4" />
      <path d="M24 12v13l8 5" fill="none" stroke="#1f3b5c" stroke-width="4" stroke-linecap="round" />
    </svg>
  );
}

/** A camera with a line through it. */
export function NoCameraIcon() {
  return (
    <svg class="scan-icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <rect x="5" y="14" width="28" height="22" rx="4" fill="none" stroke="#1f3b5c" stroke-width="4" />
      <path d="M33 21l10-6v20l-10-6z" fill="#1f3b5c" />
      <path d="M6 6l36 36" stroke="#a4161a" stroke-width="5" stroke-linecap="round" />
    </svg>
  );
}

/** A curved arrow back: start again. */
export function BackIcon() {
  return (
    <svg class="back-icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <path d="M18 10L6 22l12 12" fill="none" stroke="currentColor" stroke-width="5" stroke-linecap="round" />
      <path
        d="M8 22h20a12 12 0 0 1 0 24h-6"
        fill="none"
        stroke="currentColor"
        stroke-width="5"
        stroke-linecap="round"
      />
    </svg>
  );
}
