'use strict';
// Favorites: who favorited which article, and how many did.
const { Op } = require('sequelize');
const { Favorite } = require('../models');
const { guarded } = require('./errors');

function add(userId, articleId) {
  return guarded(() => Favorite.findOrCreate({ where: { userId, articleId } }));
}

async function remove(userId, articleId) {
  await Favorite.destroy({ where: { userId, articleId } });
}

// articleId -> number of favorites, for every id in `articleIds` (0 when none).
async function counts(articleIds) {
  const result = new Map(articleIds.map((id) => [id, 0]));
  if (articleIds.length === 0) return result;
  const rows = await Favorite.count({ where: { articleId: { [Op.in]: articleIds } }, group: ['article_id'] });
  for (const row of rows) result.set(Number(row.article_id ?? row.articleId), Number(row.count));
  return result;
}

// The subset of `articleIds` that `userId` favorited, as a Set.
async function favoritedAmong(userId, articleIds) {
  if (userId == null || articleIds.length === 0) return new Set();
  const rows = await Favorite.findAll({
    where: { userId, articleId: { [Op.in]: articleIds } },
    attributes: ['articleId'],
    raw: true,
  });
  return new Set(rows.map((row) => row.articleId));
}

async function articleIdsFavoritedBy(userId) {
  const rows = await Favorite.findAll({ where: { userId }, attributes: ['articleId'], raw: true });
  return rows.map((row) => row.articleId);
}

module.exports = { add, articleIdsFavoritedBy, counts, favoritedAmong, remove };
