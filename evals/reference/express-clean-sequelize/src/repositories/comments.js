'use strict';
// Comments of an article, oldest first.
const { Comment, User } = require('../models');
const { guarded } = require('./errors');
const { commentRecord } = require('./records');

const WITH_AUTHOR = [{ model: User, as: 'author' }];

async function forArticle(articleId) {
  const rows = await Comment.findAll({
    where: { articleId },
    include: WITH_AUTHOR,
    order: [
      ['createdAt', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  return rows.map(commentRecord);
}

async function get(id) {
  return commentRecord(await Comment.findByPk(id, { include: WITH_AUTHOR }));
}

function add(articleId, authorId, body) {
  return guarded(async () => {
    const created = await Comment.create({ articleId, authorId, body });
    return get(created.id);
  });
}

async function remove(id) {
  await Comment.destroy({ where: { id } });
}

module.exports = { add, forArticle, get, remove };
