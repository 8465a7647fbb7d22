'use strict';
// Password hashing with bcrypt (pure JavaScript: nothing to compile).
const bcrypt = require('bcryptjs');

const ROUNDS = 10;

function hash(password) {
  return bcrypt.hash(password, ROUNDS);
}

function verify(password, passwordHash) {
  return bcrypt.compare(password, passwordHash);
}

module.exports = { hash, verify };
