'use strict';
// Articles, the feed and favourites.
const auth = require('../auth');
const articles = require('../data/articles');
const { forbidden, notFound } = require('../errors');
const { Problems, envelope, window, filter, MAX_TEXT } = require('../input');
const { slugify, unusedSlug } = require('../slugs');
const views = require('../views');

const ATTEMPTS = 3; // a concurrent writer may take the same slug between the check and the insert

/** Now, but always after `previous`, so an update right after creation still moves updatedAt. */
function after(previous) {
  return new Date(Math.max(Date.now(), new Date(previous).getTime() + 1)).toISOString();
}

async function existing(db, slug, viewerId) {
  const row = await articles.bySlug(db, slug, viewerId);
  if (!row) throw notFound('article');
  return row;
}

async function owned(db, slug, user) {
  const row = await existing(db, slug, user.id);
  if (row.author_id !== user.id) throw forbidden('article');
  return row;
}

async function listing(db, criteria, viewerId, query) {
  const { limit, offset } = window(query);
  const { rows, total } = await articles.page(db, criteria, viewerId, limit, offset);
  return { articles: rows.map((row) => views.article(row, false)), articlesCount: total };
}

async function retrying(db, write) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (!db.isConflict(error) || attempt === ATTEMPTS) throw error;
    }
  }
}

module.exports = async function articleRoutes(app, { db }) {
  app.get('/articles', async (request) => {
    const viewer = await auth.optionalUser(db, request);
    const criteria = {
      tag: filter(request.query, 'tag'),
      author: filter(request.query, 'author'),
      favorited: filter(request.query, 'favorited'),
    };
    return listing(db, criteria, viewer ? viewer.id : null, request.query);
  });

  app.get('/articles/feed', async (request) => {
    const viewer = await auth.requireUser(db, request);
    return listing(db, { followedBy: viewer.id }, viewer.id, request.query);
  });

  app.post('/articles', async (request, reply) => {
    const user = await auth.requireUser(db, request);
    const data = envelope(request.body, 'article');
    const problems = new Problems();
    const title = problems.text('title', data.title, MAX_TEXT);
    const description = problems.text('description', data.description);
    const body = problems.text('body', data.body);
    const tagList = data.tagList === undefined ? [] : problems.tagList(data.tagList);
    problems.check();
    const now = new Date().toISOString();
    const slug = await retrying(db, async () => {
      const candidate = await unusedSlug(db, title);
      await articles.insert(db, { slug: candidate, title, description, body, authorId: user.id, tagList, now });
      return candidate;
    });
    return reply.code(201).send({ article: views.article(await existing(db, slug, user.id)) });
  });

  app.get('/articles/:slug', async (request) => {
    const viewer = await auth.optionalUser(db, request);
    return { article: views.article(await existing(db, request.params.slug, viewer ? viewer.id : null)) };
  });

  app.put('/articles/:slug', async (request) => {
    const user = await auth.requireUser(db, request);
    const row = await owned(db, request.params.slug, user);
    const data = envelope(request.body, 'article');
    const problems = new Problems();
    const change = (field, read) => (data[field] === undefined ? row[field] : read());
    const title = change('title', () => problems.text('title', data.title, MAX_TEXT));
    const description = change('description', () => problems.text('description', data.description));
    const body = change('body', () => problems.text('body', data.body));
    const tagList = data.tagList === undefined ? undefined : problems.tagList(data.tagList);
    problems.check();
    const slug = await retrying(db, async () => {
      const renamed = title !== row.title && slugify(title) !== slugify(row.title);
      const candidate = renamed ? await unusedSlug(db, title) : row.slug;
      const now = after(row.updated_at);
      await articles.update(db, row.id, { slug: candidate, title, description, body, tagList, now });
      return candidate;
    });
    return { article: views.article(await existing(db, slug, user.id)) };
  });

  app.delete('/articles/:slug', async (request, reply) => {
    const user = await auth.requireUser(db, request);
    const row = await owned(db, request.params.slug, user);
    await articles.remove(db, row.id);
    return reply.code(204).send();
  });

  app.post('/articles/:slug/favorite', async (request) => {
    const user = await auth.requireUser(db, request);
    const row = await existing(db, request.params.slug, user.id);
    await articles.favorite(db, user.id, row.id);
    return { article: views.article(await existing(db, row.slug, user.id)) };
  });

  app.delete('/articles/:slug/favorite', async (request) => {
    const user = await auth.requireUser(db, request);
    const row = await existing(db, request.params.slug, user.id);
    await articles.unfavorite(db, user.id, row.id);
    return { article: views.article(await existing(db, row.slug, user.id)) };
  });
};
