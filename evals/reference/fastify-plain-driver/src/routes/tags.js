'use strict';
// Every tag attached to at least one article, sorted.
const articles = require('../data/articles');

module.exports = async function tagRoutes(app, { db }) {
  app.get('/tags', async () => ({ tags: await articles.tagNames(db) }));
};
