import type { ComponentChildren } from 'preact';

/**
 * A wide table on a narrow screen scrolls inside this box instead of widening the page. The box is a named
 * region that takes focus, so it can be scrolled with the keyboard too (WCAG 2.1.1).
 */
export function ScrollBox({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="scroll-box" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
