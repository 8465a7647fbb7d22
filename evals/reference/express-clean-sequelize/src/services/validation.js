'use strict';
// Input rules shared by the use cases. Values arrive as raw JSON; `undefined` means "not sent".
const { InvalidInput } = require('./errors');

const BLANK = "can't be blank";
const INVALID = 'is invalid';
const MAX_NAME_LENGTH = 255;

// The fields of a request's `{"<key>": {...}}` object; 422 when it is missing or not an object.
function payload(value, key) {
  if (value === null || value === undefined) throw InvalidInput.field(key, BLANK);
  if (typeof value !== 'object' || Array.isArray(value)) throw InvalidInput.field(key, 'must be an object');
  return value;
}

// Collects every rule violation of one request, so the client sees them all at once.
class Problems {
  constructor() {
    this.errors = {};
  }

  add(field, message) {
    (this.errors[field] ||= []).push(message);
  }

  raiseIfAny() {
    if (Object.keys(this.errors).length > 0) throw new InvalidInput(this.errors);
  }

  // A required, non-blank string (returned as sent); records a problem and returns '' otherwise.
  text(field, value, maxLength) {
    if (value == null || (typeof value === 'string' && value.trim() === '')) {
      this.add(field, BLANK);
      return '';
    }
    if (typeof value !== 'string') {
      this.add(field, INVALID);
      return '';
    }
    if (maxLength !== undefined && value.length > maxLength) {
      this.add(field, `is too long (maximum is ${maxLength} characters)`);
    }
    return value;
  }

  // An optional string where '' means "clear it" (stored as null).
  nullableText(field, value) {
    if (value == null || value === '') return null;
    if (typeof value !== 'string') {
      this.add(field, INVALID);
      return null;
    }
    return value;
  }

  // A list of strings, trimmed, blanks dropped, duplicates removed (first occurrence wins).
  tagNames(value) {
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
      this.add('tagList', INVALID);
      return [];
    }
    const names = [...new Set(value.map((item) => item.trim()).filter((item) => item !== ''))];
    if (names.some((name) => name.length > MAX_NAME_LENGTH)) {
      this.add('tagList', `is too long (maximum is ${MAX_NAME_LENGTH} characters per tag)`);
    }
    return names;
  }
}

module.exports = { BLANK, INVALID, MAX_NAME_LENGTH, Problems, payload };
