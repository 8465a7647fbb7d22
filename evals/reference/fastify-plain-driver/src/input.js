'use strict';
// Input rules. A field the client did not send is `undefined`; one sent as null is `null`.
const { invalid } = require('./errors');

const BLANK = "can't be blank";
const MAX_TEXT = 255;
// Limits and offsets beyond this would overflow the databases' integer types.
const MAX_WINDOW = 2 ** 31 - 1;

/** Collects every problem of one request, so the client sees them all at once. */
class Problems {
  constructor() {
    this.errors = {};
  }

  add(field, message) {
    (this.errors[field] = this.errors[field] || []).push(message);
  }

  check() {
    if (Object.keys(this.errors).length) throw invalid(this.errors);
  }

  /** A required, non-blank string (returned as sent). */
  text(field, value, maxLength = null) {
    if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) {
      this.add(field, BLANK);
    } else if (typeof value !== 'string') {
      this.add(field, 'is invalid');
    } else if (maxLength !== null && value.length > maxLength) {
      this.add(field, `is too long (maximum is ${maxLength} characters)`);
    } else {
      return value;
    }
    return undefined;
  }

  /** A string or null, where "" clears the value (stored as null). */
  nullableText(field, value) {
    if (value === null || value === '') return null;
    if (typeof value !== 'string') {
      this.add(field, 'is invalid');
      return null;
    }
    return value;
  }

  /** A list of strings: trimmed, blanks dropped, each once. */
  tagList(value) {
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
      this.add('tagList', 'must be a list of strings');
      return [];
    }
    const names = [...new Set(value.map((item) => item.trim()).filter(Boolean))];
    if (names.some((name) => name.length > MAX_TEXT)) {
      this.add('tagList', `is too long (maximum is ${MAX_TEXT} characters per tag)`);
    }
    return names;
  }
}

/** The object under `key` of a JSON body (`{"user": {...}}`). */
function envelope(body, key) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalid({ body: ['must be a JSON object'] });
  }
  const inner = body[key];
  if (inner === null || inner === undefined) throw invalid({ [key]: [BLANK] });
  if (typeof inner !== 'object' || Array.isArray(inner)) throw invalid({ [key]: ['must be an object'] });
  return inner;
}

/** `limit` and `offset` from the query string, with their defaults. */
function window(query) {
  const problems = new Problems();
  const read = (name, fallback, minimum) => {
    let raw = query[name];
    if (Array.isArray(raw)) raw = raw[raw.length - 1];
    if (raw === undefined || raw === '') return fallback;
    if (!/^-?\d+$/.test(String(raw).trim())) {
      problems.add(name, 'must be an integer');
      return fallback;
    }
    const value = Number(raw);
    if (value < minimum) problems.add(name, `must be greater than or equal to ${minimum}`);
    if (value > MAX_WINDOW) problems.add(name, `must be less than or equal to ${MAX_WINDOW}`);
    return value;
  };
  const limit = read('limit', 20, 1);
  const offset = read('offset', 0, 0);
  problems.check();
  return { limit, offset };
}

/** A text filter from the query string; absent or empty means no filter. */
function filter(query, name) {
  let raw = query[name];
  if (Array.isArray(raw)) raw = raw[raw.length - 1];
  return typeof raw === 'string' && raw !== '' ? raw : undefined;
}

module.exports = { Problems, envelope, window, filter, MAX_TEXT };
