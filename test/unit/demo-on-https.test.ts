// The demo district's IT and admin accounts share a password printed in the README. A production portal
// (an https:// address) must never get them by default: only when GATEHOUSE_DEMO=on says so.
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_PASSWORD, describeConfig, loadConfig } from '../../server/config';

const demoSettings = (env: Record<string, string>) => {
  const config = loadConfig(env);
  return { seedDemo: config.seedDemo, demoOffForHttps: config.demoOffForHttps, devHttp: config.allowDevelopmentHttp };
};

describe('the demo district and the public URL', () => {
  it('is off by default for an https:// portal, development origins with it', () => {
    expect(demoSettings({ GATEHOUSE_PUBLIC_URL: 'https://my.lakeside.org' })).toEqual({
      seedDemo: false,
      demoOffForHttps: true,
      devHttp: false,
    });
  });

  it('is on for an https:// portal only when GATEHOUSE_DEMO=on is set explicitly', () => {
    expect(demoSettings({ GATEHOUSE_PUBLIC_URL: 'https://my.lakeside.org', GATEHOUSE_DEMO: 'on' })).toEqual({
      seedDemo: true,
      demoOffForHttps: false,
      devHttp: true,
    });
  });

  it('stays on by default on a development http address, and off when asked', () => {
    expect(demoSettings({})).toMatchObject({ seedDemo: true, demoOffForHttps: false });
    expect(demoSettings({ GATEHOUSE_PUBLIC_URL: 'http://127.0.0.1:8787' })).toMatchObject({ seedDemo: true });
    expect(demoSettings({ GATEHOUSE_DEMO: 'off' })).toMatchObject({ seedDemo: false, demoOffForHttps: false });
    expect(demoSettings({ GATEHOUSE_PUBLIC_URL: 'HTTPS://My.Lakeside.org' })).toMatchObject({ seedDemo: false });
    expect(demoSettings({ GATEHOUSE_PUBLIC_URL: 'https://x.org', GATEHOUSE_DEMO: 'off' })).toMatchObject({
      seedDemo: false,
      demoOffForHttps: false,
    });
  });
});

describe('the configuration printed at start-up', () => {
  it('shows the demo password only when the demo district is made, and never one set by variable', () => {
    const shown = (env: Record<string, string>) => describeConfig(loadConfig(env)).demoPassword;
    expect(shown({})).toBe(DEFAULT_DEMO_PASSWORD);
    expect(shown({ GATEHOUSE_PUBLIC_URL: 'https://my.lakeside.org' })).toBe('(no demo district)');
    expect(shown({ GATEHOUSE_DEMO_PASSWORD: 'Secret-Demo-1' })).not.toContain('Secret-Demo-1');
  });
});
