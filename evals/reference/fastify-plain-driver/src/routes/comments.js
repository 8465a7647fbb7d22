'use strict';
// Comments on an article.
const auth = require('../auth');
const articles = require('../data/articles');
const comments = require('../data/comments');
const { forbidden, notFound } = require('../errors');
const { Problems, envelope } = require('../input');
const views = require('../views');

const MAX_ID = 2 ** 31 - 1;

async function article(db, slug) {
  const row = await articles.bySlug(db, slug, null);
  if (!row) throw notFound('article');
  return row;
}

/** A comment id from the path; anything that cannot name a row is simply not found. */
function commentId(raw) {
  const id = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id > MAX_ID) throw notFound('comment');
  return id;
}

module.exports = async function commentRoutes(app, { db }) {
  app.get('/articles/:slug/comments', async (request) => {
    const viewer = await auth.optionalUser(db, request);
    const { id } = await article(db, request.params.slug);
    const rows = await comments.ofArticle(db, id, viewer ? viewer.id : null);
    return { comments: rows.map(views.comment) };
  });

  app.post('/articles/:slug/comments', async (request, reply) => {
    const user = await auth.requireUser(db, request);
    const { id: articleId } = await article(db, request.params.slug);
    const data = envelope(request.body, 'comment');
    const problems = new Problems();
    const body = problems.text('body', data.body);
    problems.check();
    const id = await comments.insert(db, { articleId, authorId: user.id, body, now: new Date().toISOString() });
    return reply.code(201).send({ comment: views.comment(await comments.byId(db, articleId, id, user.id)) });
  });

  app.delete('/articles/:slug/comments/:id', async (request, reply) => {
    const user = await auth.requireUser(db, request);
    const { id: articleId } = await article(db, request.params.slug);
    const row = await comments.byId(db, articleId, commentId(request.params.id), user.id);
    if (!row) throw notFound('comment');
    if (row.author_id !== user.id) throw forbidden('comment');
    await comments.remove(db, row.id);
    return reply.code(204).send();
  });
};
