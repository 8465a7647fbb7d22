'use strict';
// Public profiles and following.
const follows = require('../repositories/follows');
const users = require('../repositories/users');
const { NotFound } = require('./errors');
const { profileView } = require('./views');

async function existing(username) {
  const user = await users.findByUsername(username);
  if (!user) throw new NotFound('profile');
  return user;
}

async function get(username, viewerId) {
  const user = await existing(username);
  const following = viewerId != null && (await follows.followedAmong(viewerId, [user.id])).has(user.id);
  return profileView(user, following);
}

async function follow(viewerId, username) {
  const user = await existing(username);
  await follows.add(viewerId, user.id);
  return profileView(user, true);
}

async function unfollow(viewerId, username) {
  const user = await existing(username);
  await follows.remove(viewerId, user.id);
  return profileView(user, false);
}

module.exports = { follow, get, unfollow };
