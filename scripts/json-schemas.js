'use strict';
// JSON Schemas of the rule file and the config file, generated from their zod schemas (build time
// only: zod-to-json-schema is a development dependency). The build writes them to schema/; a test
// checks the committed files are current.
const { zodToJsonSchema } = require('zod-to-json-schema');

function jsonSchema(schema, title) {
  return { ...zodToJsonSchema(schema, { target: 'jsonSchema7', $refStrategy: 'root' }), title };
}

module.exports = {
  ruleSchemaJson: (ruleFileSchema) => jsonSchema(ruleFileSchema, 'bitbucket-mirror-lint rule file'),
  configSchemaJson: (configSchema) => jsonSchema(configSchema, 'bitbucket-mirror-lint config'),
};
