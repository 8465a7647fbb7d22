'use strict';
// Article use cases: listing, feed, reading, writing and favoriting.
const articles = require('../repositories/articles');
const { DuplicateValue } = require('../repositories/errors');
const favorites = require('../repositories/favorites');
const { Forbidden, InvalidInput, NotFound } = require('./errors');
const { slugify, unusedSlug } = require('./slugs');
const { MAX_NAME_LENGTH, Problems, payload } = require('./validation');
const { articleView, articleViews } = require('./views');

const DEFAULT_LIMIT = 20;
// Larger values would overflow the databases' integer types.
const MAX_WINDOW_VALUE = 2 ** 31 - 1;
// A concurrent request may take the same slug between the check and the insert; then we try again.
const WRITE_ATTEMPTS = 3;

const sent = (value) => value !== undefined;

function windowOf(limit, offset) {
  const size = limit ?? DEFAULT_LIMIT;
  const start = offset ?? 0;
  const problems = new Problems();
  if (size < 1) problems.add('limit', 'must be greater than or equal to 1');
  if (start < 0) problems.add('offset', 'must be greater than or equal to 0');
  for (const [name, value] of [
    ['limit', size],
    ['offset', start],
  ]) {
    if (value > MAX_WINDOW_VALUE) problems.add(name, `must be less than or equal to ${MAX_WINDOW_VALUE}`);
  }
  problems.raiseIfAny();
  return [size, start];
}

async function pageOf(criteria, viewerId, limit, offset) {
  const [size, start] = windowOf(limit, offset);
  const found = await articles.page(criteria, size, start);
  return { articles: await articleViews(found.articles, viewerId, { withBody: false }), articlesCount: found.total };
}

function list(viewerId, { tag, author, favorited, limit, offset } = {}) {
  return pageOf({ tag, author, favoritedBy: favorited }, viewerId, limit, offset);
}

// Articles written by the users the viewer follows.
function feed(viewerId, { limit, offset } = {}) {
  return pageOf({ followedById: viewerId }, viewerId, limit, offset);
}

async function existing(slug) {
  const article = await articles.findBySlug(slug);
  if (!article) throw new NotFound('article');
  return article;
}

async function owned(slug, userId) {
  const article = await existing(slug);
  if (article.authorId !== userId) throw new Forbidden('article');
  return article;
}

async function get(slug, viewerId) {
  return articleView(await existing(slug), viewerId);
}

async function create(authorId, data) {
  const fields = payload(data, 'article');
  const problems = new Problems();
  const title = problems.text('title', fields.title, MAX_NAME_LENGTH);
  const description = problems.text('description', fields.description);
  const body = problems.text('body', fields.body);
  const tagNames = sent(fields.tagList) ? problems.tagNames(fields.tagList) : [];
  problems.raiseIfAny();
  for (let attempt = 1; ; attempt += 1) {
    try {
      const slug = await unusedSlug(title);
      return articleView(await articles.add({ slug, title, description, body, authorId, tagNames }), authorId);
    } catch (error) {
      if (!(error instanceof DuplicateValue) || attempt === WRITE_ATTEMPTS) throw error;
    }
  }
}

// Changes only the fields sent; a new title gives a new slug; tagList [] clears the tags.
async function update(userId, slug, data) {
  const article = await owned(slug, userId);
  const fields = payload(data, 'article');
  const problems = new Problems();
  const changes = {};
  if (sent(fields.title)) changes.title = problems.text('title', fields.title, MAX_NAME_LENGTH);
  if (sent(fields.description)) changes.description = problems.text('description', fields.description);
  if (sent(fields.body)) changes.body = problems.text('body', fields.body);
  const tagNames = sent(fields.tagList) ? problems.tagNames(fields.tagList) : undefined;
  problems.raiseIfAny();

  if (changes.title !== undefined && slugify(changes.title) !== slugify(article.title)) {
    changes.slug = await unusedSlug(changes.title);
  }
  try {
    const updated = await articles.update(article.id, changes, tagNames);
    if (!updated) throw new NotFound('article');
    return articleView(updated, userId);
  } catch (error) {
    // Only the slug is unique here; a concurrent writer took it. Asking again is safe.
    if (error instanceof DuplicateValue) {
      throw InvalidInput.field('title', 'produces a slug that is being used, try again');
    }
    throw error;
  }
}

async function remove(userId, slug) {
  await articles.remove((await owned(slug, userId)).id);
}

async function favorite(userId, slug) {
  const article = await existing(slug);
  await favorites.add(userId, article.id);
  return articleView(article, userId);
}

async function unfavorite(userId, slug) {
  const article = await existing(slug);
  await favorites.remove(userId, article.id);
  return articleView(article, userId);
}

module.exports = { create, favorite, feed, get, list, remove, unfavorite, update };
