'use strict';
// Registration, login, the current user and token authentication.
const users = require('../repositories/users');
const { DuplicateValue } = require('../repositories/errors');
const passwords = require('../security/passwords');
const tokens = require('../security/tokens');
const { Conflict, NotFound, Unauthorized } = require('./errors');
const { MAX_NAME_LENGTH, Problems, payload } = require('./validation');
const { userView } = require('./views');

// NIST SP 800-63B: at least 8 characters on change; the ceiling only bounds hashing cost.
const MIN_PASSWORD_LENGTH = 8;
const MAX_PASSWORD_LENGTH = 256;

const sent = (value) => value !== undefined;

// Which of the given unique values already belong to another user.
async function taken({ username, email }, exceptId = null) {
  const fields = [];
  const byName = username != null ? await users.findByUsername(username) : null;
  if (byName && byName.id !== exceptId) fields.push('username');
  const byMail = email != null ? await users.findByEmail(email) : null;
  if (byMail && byMail.id !== exceptId) fields.push('email');
  return fields;
}

function withToken(user) {
  return userView(user, tokens.issue(user.id));
}

async function register(data) {
  const { username, email, password } = payload(data, 'user');
  const problems = new Problems();
  const name = problems.text('username', username, MAX_NAME_LENGTH);
  const mail = problems.text('email', email, MAX_NAME_LENGTH);
  const secret = problems.text('password', password, MAX_PASSWORD_LENGTH);
  problems.raiseIfAny();
  const clash = await taken({ username: name, email: mail });
  if (clash.length > 0) throw new Conflict(clash);
  try {
    return withToken(await users.add({ username: name, email: mail, passwordHash: await passwords.hash(secret) }));
  } catch (error) {
    // Another request registered the same name or email between the check and the insert.
    if (error instanceof DuplicateValue) throw new Conflict(error.fields.length ? error.fields : ['username']);
    throw error;
  }
}

async function login(data) {
  const { email, password } = payload(data, 'user');
  const problems = new Problems();
  const mail = problems.text('email', email);
  const secret = problems.text('password', password);
  problems.raiseIfAny();
  const user = await users.findByEmail(mail);
  // The same answer for an unknown email and a wrong password, so accounts cannot be probed.
  if (!user || !(await passwords.verify(secret, user.passwordHash))) throw Unauthorized.credentials();
  return withToken(user);
}

// The id of the user a token belongs to; that user must still exist.
async function authenticate(token) {
  const userId = tokens.userIdFrom(token);
  if (userId === null || (await users.get(userId)) === null) throw Unauthorized.token('is invalid');
  return userId;
}

async function load(userId) {
  const user = await users.get(userId);
  if (!user) throw new NotFound('user');
  return user;
}

async function current(userId) {
  return withToken(await load(userId));
}

// Changes only the fields that were sent; identity fields may not be blanked.
async function update(userId, data) {
  const user = await load(userId);
  const fields = payload(data, 'user');
  const problems = new Problems();
  const changes = {};
  if (sent(fields.email)) changes.email = problems.text('email', fields.email, MAX_NAME_LENGTH);
  if (sent(fields.username)) changes.username = problems.text('username', fields.username, MAX_NAME_LENGTH);
  let password = null;
  if (sent(fields.password)) {
    password = problems.text('password', fields.password, MAX_PASSWORD_LENGTH);
    if (password && password.length < MIN_PASSWORD_LENGTH) {
      problems.add('password', `is too short (minimum is ${MIN_PASSWORD_LENGTH} characters)`);
    }
  }
  if (sent(fields.bio)) changes.bio = problems.nullableText('bio', fields.bio);
  if (sent(fields.image)) changes.image = problems.nullableText('image', fields.image);
  problems.raiseIfAny();

  const clash = await taken(changes, user.id);
  if (clash.length > 0) throw new Conflict(clash);
  if (password) changes.passwordHash = await passwords.hash(password);
  try {
    const updated = await users.update(user.id, changes);
    if (!updated) throw new NotFound('user');
    return withToken(updated);
  } catch (error) {
    if (error instanceof DuplicateValue) throw new Conflict(error.fields.length ? error.fields : ['username']);
    throw error;
  }
}

module.exports = { authenticate, current, login, register, update };
