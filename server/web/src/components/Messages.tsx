import type { ComponentChildren } from 'preact';

/** A failure a person must notice at once, with any detail below it; renders nothing when there is none. */
export function ErrorMessage({ message, children }: { message: string; children?: ComponentChildren }) {
  if (!message) return null;
  return (
    <div class="error-block" role="alert">
      <p class="error">{message}</p>
      {children}
    </div>
  );
}

/** Progress or a result. Always in the page, so screen readers announce each change of its text. */
export function StatusMessage({ message }: { message: string }) {
  return (
    <p class="status" role="status">
      {message}
    </p>
  );
}
