'use strict';
// POST /users, POST /users/login, GET /user, PUT /user.
const express = require('express');
const users = require('../services/users');
const { envelope, requiredUserId } = require('./http');

const router = express.Router();

router.post('/users', async (req, res) => {
  const user = await users.register(envelope(req, 'user'));
  res.status(201).json({ user });
});

router.post('/users/login', async (req, res) => {
  res.json({ user: await users.login(envelope(req, 'user')) });
});

router.get('/user', async (req, res) => {
  res.json({ user: await users.current(await requiredUserId(req)) });
});

router.put('/user', async (req, res) => {
  const userId = await requiredUserId(req);
  res.json({ user: await users.update(userId, envelope(req, 'user')) });
});

module.exports = router;
