'use strict';
// Registration, login and the current user.
const auth = require('../auth');
const users = require('../data/users');
const { badCredentials, taken } = require('../errors');
const { Problems, envelope, MAX_TEXT } = require('../input');
const views = require('../views');

// At least 8 characters on change (NIST SP 800-63B), 64 must be accepted; the ceiling bounds hashing cost.
const MIN_PASSWORD = 8;
const MAX_PASSWORD = 256;

const answer = (row) => ({ user: views.user(row, auth.tokenFor(row)) });

module.exports = async function userRoutes(app, { db }) {
  app.post('/users', async (request, reply) => {
    const data = envelope(request.body, 'user');
    const problems = new Problems();
    const username = problems.text('username', data.username, MAX_TEXT);
    const email = problems.text('email', data.email, MAX_TEXT);
    const password = problems.text('password', data.password, MAX_PASSWORD);
    problems.check();
    const clash = await users.taken(db, { username, email });
    if (clash.length) throw taken(clash);
    const passwordHash = await auth.hashPassword(password);
    let row;
    try {
      row = await users.insert(db, { username, email, passwordHash });
    } catch (error) {
      // Another request registered the same name or email between the check and the insert.
      if (!db.isConflict(error)) throw error;
      const fields = await users.taken(db, { username, email });
      throw taken(fields.length ? fields : ['username']);
    }
    return reply.code(201).send(answer(row));
  });

  app.post('/users/login', async (request) => {
    const data = envelope(request.body, 'user');
    const problems = new Problems();
    const email = problems.text('email', data.email);
    const password = problems.text('password', data.password);
    problems.check();
    const row = await users.byEmail(db, email);
    // One answer for an unknown email and a wrong password, so accounts cannot be probed.
    if (!row || !(await auth.passwordMatches(password, row.password_hash))) throw badCredentials();
    return answer(row);
  });

  app.get('/user', async (request) => answer(await auth.requireUser(db, request)));

  app.put('/user', async (request) => {
    const current = await auth.requireUser(db, request);
    const data = envelope(request.body, 'user');
    const problems = new Problems();
    const changes = {};
    if (data.email !== undefined) changes.email = problems.text('email', data.email, MAX_TEXT);
    if (data.username !== undefined) changes.username = problems.text('username', data.username, MAX_TEXT);
    let password;
    if (data.password !== undefined) {
      password = problems.text('password', data.password, MAX_PASSWORD);
      if (password !== undefined && password.length < MIN_PASSWORD) {
        problems.add('password', `is too short (minimum is ${MIN_PASSWORD} characters)`);
      }
    }
    if (data.bio !== undefined) changes.bio = problems.nullableText('bio', data.bio);
    if (data.image !== undefined) changes.image = problems.nullableText('image', data.image);
    problems.check();
    const clash = await users.taken(db, changes, current.id);
    if (clash.length) throw taken(clash);
    if (password !== undefined) changes.passwordHash = await auth.hashPassword(password);
    try {
      return answer(await users.update(db, current.id, changes));
    } catch (error) {
      if (!db.isConflict(error)) throw error;
      const fields = await users.taken(db, changes, current.id);
      throw taken(fields.length ? fields : ['username']);
    }
  });
};
