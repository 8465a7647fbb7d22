'use strict';
// URL slugs derived from titles; a slug already in use gets a short random suffix.
const crypto = require('node:crypto');
const articles = require('./data/articles');

const MAX_BASE = 200;

function slugify(title) {
  const ascii = title.normalize('NFKD').replace(/[^\x00-\x7f]/g, '');
  const slug = ascii.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug.slice(0, MAX_BASE).replace(/-+$/, '') || 'article';
}

async function unusedSlug(db, title) {
  const base = slugify(title);
  let candidate = base;
  while (await articles.slugTaken(db, candidate)) {
    candidate = `${base}-${crypto.randomBytes(4).toString('hex')}`;
  }
  return candidate;
}

module.exports = { slugify, unusedSlug };
