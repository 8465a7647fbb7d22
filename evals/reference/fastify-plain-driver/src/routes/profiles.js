'use strict';
// Public profiles and following.
const auth = require('../auth');
const users = require('../data/users');
const { notFound } = require('../errors');
const views = require('../views');

async function existing(db, username) {
  const row = await users.byUsername(db, username);
  if (!row) throw notFound('profile');
  return row;
}

const answer = (row, following) => ({ profile: views.profile(row.username, row.bio, row.image, following) });

module.exports = async function profileRoutes(app, { db }) {
  app.get('/profiles/:username', async (request) => {
    const viewer = await auth.optionalUser(db, request);
    const row = await existing(db, request.params.username);
    return answer(row, viewer ? await users.isFollowing(db, viewer.id, row.id) : false);
  });

  app.post('/profiles/:username/follow', async (request) => {
    const viewer = await auth.requireUser(db, request);
    const row = await existing(db, request.params.username);
    await users.follow(db, viewer.id, row.id);
    return answer(row, true);
  });

  app.delete('/profiles/:username/follow', async (request) => {
    const viewer = await auth.requireUser(db, request);
    const row = await existing(db, request.params.username);
    await users.unfollow(db, viewer.id, row.id);
    return answer(row, false);
  });
};
