import { describe, expect, it } from 'vitest';
import { en } from '../../shared/i18n/en';
import { es } from '../../shared/i18n/es';
import { pickLocale, translate } from '../../shared/i18n';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalog', () => {
  it('has every English message in Spanish, with the same placeholders', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(es[key], key).toBeTruthy();
      expect(placeholders(es[key]), key).toEqual(placeholders(en[key]));
    }
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
  });

  it('fills placeholders', () => {
    expect(translate('es', 'signIn.title', { district: 'Lakeside ISD' })).toBe('Inicia sesión en Lakeside ISD');
  });

  it('picks the first supported language from the browser, English otherwise', () => {
    expect(pickLocale(['es-MX', 'en-US'])).toBe('es');
    expect(pickLocale('fr-FR,es;q=0.8')).toBe('es');
    expect(pickLocale(['de-DE'])).toBe('en');
    expect(pickLocale(undefined)).toBe('en');
  });
});
