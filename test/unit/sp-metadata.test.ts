// A SAML SP's metadata is IT's upload, read into where assertions may go: an unusable file must say what is
// wrong in words (never a parser's internals), and no file may make the portal read another file (XXE).
import { describe, expect, it } from 'vitest';
import { readSpMetadata } from '../../server/federation/sp-metadata';
import { BAD_SP_METADATA, SAMPLE_CERTIFICATE, spMetadata } from '../helpers/sp-metadata-files';

describe('readSpMetadata', () => {
  it('reads the entity id, every POST and Redirect ACS with its index and default, and the signing certificate', () => {
    const xml = spMetadata({
      entityId: 'google.com/a/lakeside.test',
      signed: true,
      certificate: SAMPLE_CERTIFICATE,
      acs: [
        { location: 'https://www.google.com/a/lakeside.test/acs', index: 1, isDefault: true },
        { location: 'https://sp.example.test/redirect', binding: 'Redirect', index: 2 },
        { location: 'https://sp.example.test/artifact', binding: 'Artifact', index: 3 },
      ],
    });
    expect(readSpMetadata(xml)).toEqual({
      ok: true,
      entityId: 'google.com/a/lakeside.test',
      acsEndpoints: [
        { binding: 'post', location: 'https://www.google.com/a/lakeside.test/acs', index: 1, isDefault: true },
        { binding: 'redirect', location: 'https://sp.example.test/redirect', index: 2 },
      ],
      wantsSignedRequests: true,
      signingCertificates: [SAMPLE_CERTIFICATE],
    });
  });

  it('says an SP that does not sign its requests does not, and has no certificate', () => {
    const read = readSpMetadata(spMetadata());
    expect(read).toMatchObject({ ok: true, wantsSignedRequests: false, signingCertificates: [] });
  });

  it('reads the one EntityDescriptor inside an EntitiesDescriptor', () => {
    const inner = spMetadata().replace(/^<\?xml[^>]*>/, '');
    const xml = `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${inner}</md:EntitiesDescriptor>`;
    expect(readSpMetadata(xml)).toMatchObject({ ok: true, entityId: 'https://sp.example.test/metadata' });
  });

  it('takes http ACS addresses on loopback and *.test only when development http is allowed', () => {
    const xml = spMetadata({ acs: [{ location: 'http://saml-practice.test:8790/acs' }] });
    expect(readSpMetadata(xml)).toMatchObject({ ok: false, problem: { code: 'sp_metadata_acs_insecure' } });
    expect(readSpMetadata(xml, { allowDevelopmentHttp: true })).toMatchObject({ ok: true });
    const elsewhere = spMetadata({ acs: [{ location: 'http://sp.example.org/acs' }] });
    expect(readSpMetadata(elsewhere, { allowDevelopmentHttp: true })).toMatchObject({ ok: false });
  });

  it.each(BAD_SP_METADATA)('refuses $name, naming the problem in words', ({ xml, code, says }) => {
    const read = readSpMetadata(xml);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problem.code).toBe(code);
    expect(read.problem.message).toContain(says);
    expect(read.problem.message).not.toMatch(/xmldom|\[|line|col|passwd/i);
  });
});
