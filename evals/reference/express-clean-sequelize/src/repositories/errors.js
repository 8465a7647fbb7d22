'use strict';
// Database failures the use cases react to, without knowing which ORM raised them.
const { ForeignKeyConstraintError, UniqueConstraintError } = require('sequelize');

class DuplicateValue extends Error {
  constructor(fields) {
    super(`duplicate value for ${fields.join(', ') || 'a unique column'}`);
    this.fields = fields;
  }
}

class MissingReference extends Error {}

// Translates a unique or foreign-key violation; anything else is rethrown unchanged.
function translate(error) {
  if (error instanceof UniqueConstraintError) {
    const fields = Object.keys(error.fields || {}).map((name) => name.replace(/^.*\./, ''));
    return new DuplicateValue(fields);
  }
  if (error instanceof ForeignKeyConstraintError) return new MissingReference(error.message);
  return error;
}

async function guarded(work) {
  try {
    return await work();
  } catch (error) {
    throw translate(error);
  }
}

module.exports = { DuplicateValue, MissingReference, guarded };
