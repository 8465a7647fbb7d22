'use strict';
// Articles: lookup by slug, filtered pages (newest first), writes with their tags.
const { Op } = require('sequelize');
const { Article, ArticleTag, Comment, Favorite, Tag, User } = require('../models');
const { transaction } = require('./database');
const { guarded } = require('./errors');
const favorites = require('./favorites');
const follows = require('./follows');
const { articleRecord } = require('./records');
const tags = require('./tags');

const WITH_AUTHOR_AND_TAGS = [
  { model: User, as: 'author' },
  { model: Tag, as: 'tags', through: { attributes: [] } },
];
const NEWEST_FIRST = [
  ['createdAt', 'DESC'],
  ['id', 'DESC'],
];

async function findBySlug(slug) {
  return articleRecord(await Article.findOne({ where: { slug }, include: WITH_AUTHOR_AND_TAGS }));
}

async function slugTaken(slug) {
  return (await Article.count({ where: { slug } })) > 0;
}

// Conditions for `criteria` ({tag, author, favoritedBy, followedById}); null when nothing can match.
async function conditions(criteria) {
  const and = [];
  if (criteria.tag != null) {
    const tag = await Tag.findOne({ where: { name: criteria.tag } });
    if (!tag) return null;
    const links = await ArticleTag.findAll({ where: { tagId: tag.id }, attributes: ['articleId'], raw: true });
    and.push({ id: { [Op.in]: links.map((link) => link.articleId) } });
  }
  if (criteria.author != null) {
    const author = await User.findOne({ where: { username: criteria.author } });
    if (!author) return null;
    and.push({ authorId: author.id });
  }
  if (criteria.favoritedBy != null) {
    const fan = await User.findOne({ where: { username: criteria.favoritedBy } });
    if (!fan) return null;
    and.push({ id: { [Op.in]: await favorites.articleIdsFavoritedBy(fan.id) } });
  }
  if (criteria.followedById != null) {
    and.push({ authorId: { [Op.in]: await follows.followeesOf(criteria.followedById) } });
  }
  return { [Op.and]: and };
}

// One page of matching articles and the number of all matches.
async function page(criteria, limit, offset) {
  const where = await conditions(criteria);
  if (where === null) return { articles: [], total: 0 };
  const total = await Article.count({ where });
  const ids = await Article.findAll({ where, attributes: ['id'], order: NEWEST_FIRST, limit, offset, raw: true });
  if (ids.length === 0) return { articles: [], total };
  const rows = await Article.findAll({
    where: { id: { [Op.in]: ids.map((row) => row.id) } },
    include: WITH_AUTHOR_AND_TAGS,
    order: NEWEST_FIRST,
  });
  return { articles: rows.map(articleRecord), total };
}

async function reload(id, t) {
  return articleRecord(await Article.findByPk(id, { include: WITH_AUTHOR_AND_TAGS, transaction: t }));
}

function add({ slug, title, description, body, authorId, tagNames }) {
  return guarded(() =>
    transaction(async (t) => {
      const article = await Article.create({ slug, title, description, body, authorId }, { transaction: t });
      await tags.attach(article.id, tagNames, t);
      return reload(article.id, t);
    }),
  );
}

// Writes the given fields (and the tags when `tagNames` is an array); null when the article is gone.
function update(id, changes, tagNames) {
  return guarded(() =>
    transaction(async (t) => {
      const article = await Article.findByPk(id, { transaction: t });
      if (!article) return null;
      article.set(changes);
      // A tag change alone still counts as an update of the article.
      if (Array.isArray(tagNames)) article.changed('updatedAt', true);
      await article.save({ transaction: t });
      if (Array.isArray(tagNames)) await tags.attach(id, tagNames, t);
      return reload(id, t);
    }),
  );
}

// Removes the article with its comments, favorites and tag links.
function remove(id) {
  return transaction(async (t) => {
    await Comment.destroy({ where: { articleId: id }, transaction: t });
    await Favorite.destroy({ where: { articleId: id }, transaction: t });
    await ArticleTag.destroy({ where: { articleId: id }, transaction: t });
    await Article.destroy({ where: { id }, transaction: t });
  });
}

module.exports = { add, findBySlug, page, remove, slugTaken, update };
