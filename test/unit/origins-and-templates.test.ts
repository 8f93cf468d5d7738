// Pure rules the vault depends on: what counts as the same origin, and how roster templates fill in.
import { describe, expect, it } from 'vitest';
import { checkOrigin, isOnOrigins } from '../../shared/origins';
import { applyTemplate, unknownPlaceholders } from '../../shared/vault/entry';

describe('origins', () => {
  it('match exactly by scheme, host and port through the URL parser', () => {
    const origins = ['https://app.example.org'];
    expect(isOnOrigins('https://APP.example.org:443/login?x=1', origins)).toBe(true);
    expect(isOnOrigins('http://app.example.org/login', origins)).toBe(false);
    expect(isOnOrigins('https://app.example.org:8443/', origins)).toBe(false);
    expect(isOnOrigins('https://app.example.org.evil.test/', origins)).toBe(false);
    expect(isOnOrigins('https://evil.test/@app.example.org', origins)).toBe(false);
    expect(isOnOrigins('https://app.example.org@evil.test/', origins)).toBe(false);
    expect(isOnOrigins('javascript:alert(1)//https://app.example.org', origins)).toBe(false);
  });

  it('must be https, except loopback and *.test when development http is allowed', () => {
    expect(checkOrigin('https://app.example.org', false)).toBeUndefined();
    expect(checkOrigin('http://app.example.org', true)).toBe('insecure');
    expect(checkOrigin('http://reading.test:8790', true)).toBeUndefined();
    expect(checkOrigin('http://reading.test:8790', false)).toBe('insecure');
    expect(checkOrigin('http://127.0.0.1:9000', true)).toBeUndefined();
    expect(checkOrigin('https://app.example.org/login', false)).toBe('not_an_origin');
    expect(checkOrigin('https://user@app.example.org', false)).toBe('not_an_origin');
    expect(checkOrigin('app.example.org', false)).toBe('not_a_url');
  });
});

describe('roster templates', () => {
  const ava = { username: 'ava.m', sourced_id: 'S-1042', email: null, given_name: 'Ava', family_name: 'Moss' };

  it('fill in roster fields', () => {
    expect(applyTemplate('{sourced_id}', ava)).toBe('S-1042');
    expect(applyTemplate('{given_name}.{family_name}@reading', ava)).toBe('Ava.Moss@reading');
  });

  it('give nothing when a field the template needs is empty', () => {
    expect(applyTemplate('{email}', ava)).toBeUndefined();
  });

  it('name placeholders that are not roster fields', () => {
    expect(unknownPlaceholders('{student_number}-{username}-{birth_date}')).toEqual(['student_number', 'birth_date']);
  });
});
