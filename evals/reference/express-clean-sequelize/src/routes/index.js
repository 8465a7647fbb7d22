'use strict';
// The /api router: CORS, the raw body, every resource's routes, then the JSON error responses.
const express = require('express');
const articles = require('./articles');
const comments = require('./comments');
const { handleError, notFound } = require('./errors');
const profiles = require('./profiles');
const tags = require('./tags');
const users = require('./users');

const ALLOWED_METHODS = 'GET, POST, PUT, DELETE, OPTIONS';
const ALLOWED_HEADERS = 'Authorization, Content-Type, X-Requested-With';

function cors(req, res, next) {
  res.set('Access-Control-Allow-Origin', '*');
  res.set('Access-Control-Allow-Methods', ALLOWED_METHODS);
  res.set('Access-Control-Allow-Headers', req.get('access-control-request-headers') || ALLOWED_HEADERS);
  res.set('Access-Control-Max-Age', '600');
  if (req.method === 'OPTIONS') {
    res.status(204).end();
    return;
  }
  next();
}

function apiRouter() {
  const router = express.Router();
  router.use(express.text({ type: () => true, limit: '2mb' }));
  for (const routes of [users, profiles, articles, comments, tags]) router.use(routes);
  return router;
}

function mount(app) {
  app.use(cors);
  app.use('/api', apiRouter());
  app.use(notFound);
  app.use(handleError);
}

module.exports = { mount };
