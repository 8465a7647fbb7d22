'use strict';
// Users by id, name or email; registration and profile changes.
const { Op } = require('sequelize');
const { User } = require('../models');
const { guarded } = require('./errors');
const { userRecord } = require('./records');

async function get(id) {
  return userRecord(await User.findByPk(id));
}

async function findByUsername(username) {
  return userRecord(await User.findOne({ where: { username } }));
}

async function findByEmail(email) {
  return userRecord(await User.findOne({ where: { email } }));
}

async function manyById(ids) {
  if (ids.length === 0) return [];
  return (await User.findAll({ where: { id: { [Op.in]: ids } } })).map(userRecord);
}

function add({ username, email, passwordHash }) {
  return guarded(async () => userRecord(await User.create({ username, email, passwordHash })));
}

// Writes the given fields; returns the updated user, or null when it no longer exists.
function update(id, changes) {
  return guarded(async () => {
    const user = await User.findByPk(id);
    if (!user) return null;
    await user.update(changes);
    return userRecord(user);
  });
}

module.exports = { add, findByEmail, findByUsername, get, manyById, update };
