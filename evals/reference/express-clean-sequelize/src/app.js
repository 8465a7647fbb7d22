'use strict';
// The Express application: JSON responses only, the /api routes.
const express = require('express');
const { mount } = require('./routes');

function createApp() {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  mount(app);
  return app;
}

module.exports = { createApp };
