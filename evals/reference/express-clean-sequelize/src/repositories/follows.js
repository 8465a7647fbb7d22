'use strict';
// Who follows whom.
const { Op } = require('sequelize');
const { Follow } = require('../models');

async function add(followerId, followeeId) {
  await Follow.findOrCreate({ where: { followerId, followeeId } });
}

async function remove(followerId, followeeId) {
  await Follow.destroy({ where: { followerId, followeeId } });
}

// The subset of `followeeIds` that `followerId` follows, as a Set.
async function followedAmong(followerId, followeeIds) {
  if (followerId == null || followeeIds.length === 0) return new Set();
  const rows = await Follow.findAll({
    where: { followerId, followeeId: { [Op.in]: followeeIds } },
    attributes: ['followeeId'],
    raw: true,
  });
  return new Set(rows.map((row) => row.followeeId));
}

async function followeesOf(followerId) {
  const rows = await Follow.findAll({ where: { followerId }, attributes: ['followeeId'], raw: true });
  return rows.map((row) => row.followeeId);
}

module.exports = { add, followedAmong, followeesOf, remove };
