'use strict';
// GET /profiles/:username, POST and DELETE /profiles/:username/follow (any body, or none, is ignored).
const express = require('express');
const profiles = require('../services/profiles');
const { optionalUserId, requiredUserId } = require('./http');

const router = express.Router();

router.get('/profiles/:username', async (req, res) => {
  res.json({ profile: await profiles.get(req.params.username, await optionalUserId(req)) });
});

router.post('/profiles/:username/follow', async (req, res) => {
  const userId = await requiredUserId(req);
  res.json({ profile: await profiles.follow(userId, req.params.username) });
});

router.delete('/profiles/:username/follow', async (req, res) => {
  const userId = await requiredUserId(req);
  res.json({ profile: await profiles.unfollow(userId, req.params.username) });
});

module.exports = router;
