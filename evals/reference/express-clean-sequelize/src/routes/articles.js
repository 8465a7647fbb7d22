'use strict';
// Articles, the feed and favorites. `/articles/feed` is declared before `/articles/:slug`.
const express = require('express');
const articles = require('../services/articles');
const { envelope, optionalUserId, queryInt, queryText, requiredUserId } = require('./http');

const router = express.Router();

function window(req) {
  return { limit: queryInt(req, 'limit'), offset: queryInt(req, 'offset') };
}

router.get('/articles', async (req, res) => {
  const viewerId = await optionalUserId(req);
  const filters = { tag: queryText(req, 'tag'), author: queryText(req, 'author'), favorited: queryText(req, 'favorited') };
  res.json(await articles.list(viewerId, { ...filters, ...window(req) }));
});

router.get('/articles/feed', async (req, res) => {
  const viewerId = await requiredUserId(req);
  res.json(await articles.feed(viewerId, window(req)));
});

router.post('/articles', async (req, res) => {
  const authorId = await requiredUserId(req);
  res.status(201).json({ article: await articles.create(authorId, envelope(req, 'article')) });
});

router.get('/articles/:slug', async (req, res) => {
  res.json({ article: await articles.get(req.params.slug, await optionalUserId(req)) });
});

router.put('/articles/:slug', async (req, res) => {
  const userId = await requiredUserId(req);
  res.json({ article: await articles.update(userId, req.params.slug, envelope(req, 'article')) });
});

router.delete('/articles/:slug', async (req, res) => {
  await articles.remove(await requiredUserId(req), req.params.slug);
  res.status(204).end();
});

router.post('/articles/:slug/favorite', async (req, res) => {
  const userId = await requiredUserId(req);
  res.json({ article: await articles.favorite(userId, req.params.slug) });
});

router.delete('/articles/:slug/favorite', async (req, res) => {
  const userId = await requiredUserId(req);
  res.json({ article: await articles.unfavorite(userId, req.params.slug) });
});

module.exports = router;
