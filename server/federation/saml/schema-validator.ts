import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';

/**
 * samlify's schema check of every SAML message it reads (an SP's AuthnRequest): the OASIS SAML 2.0 protocol
 * schema and the schemas it imports, run by xmllint compiled to WebAssembly. Each check gets a fresh wasm
 * instance, so nothing is kept between messages (the native `node-xmllint` binding leaked ~1.4 MB a check).
 * The schema files in ./schemas are OASIS's and W3C's, unchanged.
 */

const ROOT_SCHEMA = 'saml-schema-protocol-2.0.xsd';
const IMPORTED = [
  'saml-schema-assertion-2.0.xsd',
  'xmldsig-core-schema.xsd',
  'xenc-schema.xsd',
  'XMLSchema.dtd',
  'datatypes.dtd',
];

/** server/federation/saml/schemas, found from this file whether run from source or bundled into dist/server. */
function schemaFolder(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    for (const candidate of [path.join(dir, 'schemas'), path.join(dir, 'server/federation/saml/schemas')]) {
      if (fs.existsSync(path.join(candidate, ROOT_SCHEMA))) return candidate;
    }
    dir = path.dirname(dir);
  }
  throw new Error('The SAML schema folder (server/federation/saml/schemas) was not found next to the server.');
}

let schemas: { root: string; preload: { fileName: string; contents: string }[] } | undefined;
function loadSchemas() {
  if (!schemas) {
    const folder = schemaFolder();
    const read = (fileName: string) => ({ fileName, contents: fs.readFileSync(path.join(folder, fileName), 'utf8') });
    schemas = { root: read(ROOT_SCHEMA).contents, preload: IMPORTED.map(read) };
  }
  return schemas;
}

/** The validator samlify calls: resolves when the message is schema-valid, rejects with a fixed text if not. */
export const samlSchemaValidator = {
  async validate(xml: string): Promise<string> {
    const { root, preload } = loadSchemas();
    const result = await validateXML({
      xml: [{ fileName: 'message.xml', contents: xml }],
      schema: [{ fileName: ROOT_SCHEMA, contents: root }],
      preload,
    });
    // The errors quote the message, which may carry a person's data: they are not passed on.
    if (!result.valid) throw new Error('ERR_INVALID_XML');
    return 'valid';
  },
};
