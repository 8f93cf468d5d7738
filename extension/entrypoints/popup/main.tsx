import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { pickLocale, translate } from '../../../shared/i18n';
import { readManagedConfig } from '../../../shared/managed-config';
import './popup.css';

const locale = pickLocale(navigator.languages);
document.documentElement.lang = locale;

/** Tells the person whether their district has set the extension up, and for which district. */
function Popup() {
  const [state, setState] = useState<ReturnType<typeof readManagedConfig> | null>(null);
  useEffect(() => {
    browser.storage.managed.get(null).then(
      (raw) => setState(readManagedConfig(raw)),
      () => setState({ ok: false, reason: 'missing' }),
    );
  }, []);
  return (
    <main>
      <h1>{translate(locale, 'app.name')}</h1>
      <p role="status">
        {state === null
          ? translate(locale, 'extension.checking')
          : state.ok
            ? translate(locale, 'extension.configured', { district: state.config.districtName })
            : translate(locale, state.reason === 'missing' ? 'extension.notConfigured' : 'extension.invalidConfig')}
      </p>
    </main>
  );
}

render(<Popup />, document.getElementById('root')!);
