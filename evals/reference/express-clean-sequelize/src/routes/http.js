'use strict';
// Request parsing: the JSON envelope (`{"user": {...}}`), the caller's token, ids and query integers.
const users = require('../services/users');
const { InvalidInput, Unauthorized } = require('../services/errors');

const MAX_ID = 2 ** 31 - 1;

// The raw body is read as text for every content type, so an empty body (a bare POST to
// /favorite or /follow) is simply no data, and bad JSON becomes a 422 where a body is needed.
function json(req) {
  if (typeof req.body !== 'string' || req.body.trim() === '') return undefined;
  try {
    return JSON.parse(req.body);
  } catch {
    return undefined;
  }
}

// The value under `key` of a JSON object body, unchecked (undefined when absent): the use case validates
// it after its own 404 and 403 checks, as the contract orders them.
function envelope(req, key) {
  const data = json(req);
  return data !== null && typeof data === 'object' && !Array.isArray(data) ? data[key] : undefined;
}

// Only the `Token` scheme counts as credentials.
function presentedToken(req) {
  const [scheme, token] = (req.get('authorization') || '').trim().split(/\s+/, 2);
  if (!scheme || scheme.toLowerCase() !== 'token' || !token) return null;
  return token;
}

// The caller's id; 401 before anything else is looked at.
async function requiredUserId(req) {
  const token = presentedToken(req);
  if (token === null) throw Unauthorized.token('is missing');
  return users.authenticate(token);
}

// The caller's id when credentials were sent (they must then be valid), else null.
async function optionalUserId(req) {
  const token = presentedToken(req);
  return token === null ? null : users.authenticate(token);
}

// A numeric id from the URL; null when it cannot name a row (the service answers 404).
function pathId(raw) {
  if (!/^[0-9]+$/.test(raw)) return null;
  const id = Number(raw);
  return id <= MAX_ID ? id : null;
}

function queryInt(req, name) {
  const raw = req.query[name];
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !/^-?[0-9]+$/.test(raw.trim())) throw InvalidInput.field(name, 'must be an integer');
  return Number(raw.trim());
}

function queryText(req, name) {
  const value = req.query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

module.exports = { envelope, optionalUserId, pathId, queryInt, queryText, requiredUserId };
