// The types from the OpenAPI document: openapi-typescript, as its CLI runs it, after one repair.
// Usage (generate.sh runs it): node generate.mjs <document.json> <output.ts>
import { readFileSync, writeFileSync } from "node:fs";

import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";

const [documentPath, outputPath] = process.argv.slice(2);
if (!documentPath || !outputPath) {
  console.error("usage: node generate.mjs <document.json> <output.ts>");
  process.exit(2);
}

const document = JSON.parse(readFileSync(documentPath, "utf8"));
for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
  loosenSelfArrays(schema, `#/components/schemas/${name}`);
}
writeFileSync(outputPath, COMMENT_HEADER + astToString(await openapiTS(document)));

/**
 * A schema that is, or is a union with, an array of itself (a JSON value: `string | ... | JsonValue[] |
 * {[key: string]: JsonValue}`) becomes a property type that names itself outside any object type, which
 * tsc refuses (TS2502; openapi-typescript issue #1603). Such an array's items are made `{}` (unknown[]);
 * the object branches, which tsc accepts, keep their recursion. Nothing else is touched.
 */
function loosenSelfArrays(schema, selfRef) {
  if (typeof schema !== "object" || schema === null) {
    return;
  }
  if (schema.items?.$ref === selfRef) {
    schema.items = {};
  }
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    loosenSelfArrays(branch, selfRef);
  }
}
