import { useEffect, useState } from 'preact/hooks';
import { extensionReadiness, onExtensionReadiness, type ExtensionReadiness } from './extension-bridge';

/** Whether a tile click would be signed in by the extension, kept current as the extension answers. */
export function useExtensionReadiness(): ExtensionReadiness {
  const [readiness, setReadiness] = useState(extensionReadiness);
  useEffect(() => {
    setReadiness(extensionReadiness());
    return onExtensionReadiness(setReadiness);
  }, []);
  return readiness;
}
