'use strict';
// Tag names: created on first use, listed when at least one article carries them.
const { Op } = require('sequelize');
const { ArticleTag, Tag } = require('../models');

// Tag ids for `names` (created when missing), in the order of `names`; joins the caller's transaction.
async function ensure(names, transaction) {
  if (names.length === 0) return [];
  await Tag.bulkCreate(
    names.map((name) => ({ name })),
    { ignoreDuplicates: true, transaction },
  );
  const rows = await Tag.findAll({ where: { name: { [Op.in]: names } }, transaction });
  const byName = new Map(rows.map((row) => [row.name, row.id]));
  return names.map((name) => byName.get(name));
}

// Replaces the tags of an article.
async function attach(articleId, names, transaction) {
  const tagIds = await ensure(names, transaction);
  await ArticleTag.destroy({ where: { articleId }, transaction });
  if (tagIds.length > 0) {
    await ArticleTag.bulkCreate(
      tagIds.map((tagId) => ({ articleId, tagId })),
      { transaction },
    );
  }
}

async function namesInUse() {
  const used = await ArticleTag.findAll({ attributes: ['tagId'], group: ['tag_id'], raw: true });
  if (used.length === 0) return [];
  const rows = await Tag.findAll({ where: { id: { [Op.in]: used.map((row) => row.tagId) } }, raw: true });
  return rows.map((row) => row.name).sort();
}

module.exports = { attach, namesInUse };
