'use strict';
// URL slugs derived from titles; a taken slug gets a short random suffix.
const crypto = require('node:crypto');
const articles = require('../repositories/articles');

const MAX_BASE_LENGTH = 200;

// ASCII, lower case, words joined by hyphens; "article" when nothing usable is left.
function slugify(title) {
  const ascii = title.normalize('NFKD').replace(/[^\x00-\x7f]/g, '');
  const slug = ascii.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug.slice(0, MAX_BASE_LENGTH).replace(/-+$/, '') || 'article';
}

// The plain slug when free, else one with a random suffix (titles need not be unique).
async function unusedSlug(title) {
  const base = slugify(title);
  let candidate = base;
  while (await articles.slugTaken(candidate)) candidate = `${base}-${crypto.randomBytes(4).toString('hex')}`;
  return candidate;
}

module.exports = { slugify, unusedSlug };
