'use strict';
// Passwords (bcrypt) and tokens (JWT sent as `Authorization: Token <jwt>`; only that scheme counts).
const crypto = require('node:crypto');
const bcrypt = require('bcryptjs');
const jwt = require('jsonwebtoken');
const users = require('./data/users');
const { unauthorized } = require('./errors');

// Without JWT_SECRET a random one is drawn: tokens then stay valid only while this process runs.
const SECRET = process.env.JWT_SECRET || crypto.randomBytes(32).toString('hex');
const TOKEN_LIFETIME = '7d';
const HASH_ROUNDS = 10;

const hashPassword = (password) => bcrypt.hash(password, HASH_ROUNDS);
const passwordMatches = (password, hash) => bcrypt.compare(password, hash);

/** The token names the user's id, which survives username and email changes. */
const tokenFor = (user) => jwt.sign({ sub: String(user.id) }, SECRET, { expiresIn: TOKEN_LIFETIME });

function presentedToken(request) {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const [scheme, token, ...rest] = header.trim().split(/\s+/);
  if (!scheme || scheme.toLowerCase() !== 'token' || !token || rest.length) return null;
  return token;
}

async function userFromToken(db, token) {
  let claims;
  try {
    claims = jwt.verify(token, SECRET, { algorithms: ['HS256'] });
  } catch {
    throw unauthorized('is invalid');
  }
  const id = Number(claims.sub);
  const user = Number.isSafeInteger(id) ? await users.byId(db, id) : null;
  if (!user) throw unauthorized('is invalid');
  return user;
}

/** The caller; 401 before anything else is looked at. */
async function requireUser(db, request) {
  const token = presentedToken(request);
  if (token === null) throw unauthorized('is missing');
  return userFromToken(db, token);
}

/** The caller when credentials were sent (they must then be valid), else null. */
async function optionalUser(db, request) {
  const token = presentedToken(request);
  return token === null ? null : userFromToken(db, token);
}

module.exports = { hashPassword, passwordMatches, tokenFor, requireUser, optionalUser };
