'use strict';
// HS256 JSON Web Tokens carrying the user id.
const jwt = require('jsonwebtoken');

const LIFETIME = '30d';
const DEV_SECRET = 'conduit-reference-development-secret';

function secret() {
  return process.env.JWT_SECRET || DEV_SECRET;
}

function issue(userId) {
  return jwt.sign({ sub: String(userId) }, secret(), { algorithm: 'HS256', expiresIn: LIFETIME });
}

// The user id a valid token carries, else null (bad signature, expired, malformed).
function userIdFrom(token) {
  try {
    const claims = jwt.verify(token, secret(), { algorithms: ['HS256'] });
    const id = Number(claims.sub);
    return Number.isSafeInteger(id) && id > 0 ? id : null;
  } catch {
    return null;
  }
}

module.exports = { issue, userIdFrom };
