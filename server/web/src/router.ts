import { useEffect, useState } from 'preact/hooks';

/** The current path, updated on back/forward and on `navigate`. */
export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    addEventListener('popstate', update);
    addEventListener('gatehouse:navigate', update);
    return () => {
      removeEventListener('popstate', update);
      removeEventListener('gatehouse:navigate', update);
    };
  }, []);
  return path;
}

export function navigate(path: string) {
  history.pushState(null, '', path);
  dispatchEvent(new Event('gatehouse:navigate'));
}

/** Link clicks stay in the page (no reload); modified clicks keep the browser's own behaviour. */
export function onLinkClick(event: MouseEvent) {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const target = event.currentTarget as HTMLAnchorElement;
  event.preventDefault();
  navigate(target.pathname);
}
