'use strict';
// GET and POST /articles/:slug/comments, DELETE /articles/:slug/comments/:id.
const express = require('express');
const comments = require('../services/comments');
const { envelope, optionalUserId, pathId, requiredUserId } = require('./http');

const router = express.Router();

router.get('/articles/:slug/comments', async (req, res) => {
  res.json({ comments: await comments.listFor(req.params.slug, await optionalUserId(req)) });
});

router.post('/articles/:slug/comments', async (req, res) => {
  const userId = await requiredUserId(req);
  res.status(201).json({ comment: await comments.add(userId, req.params.slug, envelope(req, 'comment')) });
});

router.delete('/articles/:slug/comments/:id', async (req, res) => {
  const userId = await requiredUserId(req);
  await comments.remove(userId, req.params.slug, pathId(req.params.id));
  res.status(204).end();
});

module.exports = router;
