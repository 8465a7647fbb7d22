'use strict';
// GET /tags and GET /health-check.
const express = require('express');
const tags = require('../services/tags');

const router = express.Router();

router.get('/tags', async (req, res) => {
  res.json({ tags: await tags.list() });
});

router.get('/health-check', (req, res) => {
  res.json({ status: 'ok' });
});

module.exports = router;
