'use strict';
// Comments: anyone may read them, only their author may delete them.
const articles = require('../repositories/articles');
const comments = require('../repositories/comments');
const { MissingReference } = require('../repositories/errors');
const { Forbidden, NotFound } = require('./errors');
const { Problems, payload } = require('./validation');
const { commentViews } = require('./views');

async function article(slug) {
  const found = await articles.findBySlug(slug);
  if (!found) throw new NotFound('article');
  return found;
}

// Newest first, as the contract orders every list.
async function listFor(slug, viewerId) {
  const found = await comments.forArticle((await article(slug)).id);
  return commentViews(found.reverse(), viewerId);
}

async function add(userId, slug, data) {
  const target = await article(slug);
  const problems = new Problems();
  const text = problems.text('body', payload(data, 'comment').body);
  problems.raiseIfAny();
  try {
    return (await commentViews([await comments.add(target.id, userId, text)], userId))[0];
  } catch (error) {
    // The article was deleted while the comment was being written.
    if (error instanceof MissingReference) throw new NotFound('article');
    throw error;
  }
}

// `commentId` is null when the path held no usable id, which names no comment.
async function remove(userId, slug, commentId) {
  const target = await article(slug);
  const comment = commentId === null ? null : await comments.get(commentId);
  if (!comment || comment.articleId !== target.id) throw new NotFound('comment');
  if (comment.authorId !== userId) throw new Forbidden('comment');
  await comments.remove(comment.id);
}

module.exports = { add, listFor, remove };
