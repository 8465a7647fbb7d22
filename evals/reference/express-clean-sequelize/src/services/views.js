'use strict';
// What the API shows of users, profiles, articles and comments (the routes wrap them in envelopes).
const favorites = require('../repositories/favorites');
const follows = require('../repositories/follows');

const iso = (date) => new Date(date).toISOString();

function userView(user, token) {
  return { email: user.email, token, username: user.username, bio: user.bio ?? null, image: user.image ?? null };
}

function profileView(user, following) {
  return { username: user.username, bio: user.bio ?? null, image: user.image ?? null, following: Boolean(following) };
}

// Views of `articles` as seen by `viewerId` (null: anonymous); lists leave the body out.
async function articleViews(articles, viewerId, { withBody = true } = {}) {
  const ids = articles.map((article) => article.id);
  const authorIds = [...new Set(articles.map((article) => article.authorId))];
  const [counts, favorited, followed] = await Promise.all([
    favorites.counts(ids),
    favorites.favoritedAmong(viewerId, ids),
    follows.followedAmong(viewerId, authorIds),
  ]);
  return articles.map((article) => {
    const view = {
      slug: article.slug,
      title: article.title,
      description: article.description,
      body: article.body,
      tagList: [...article.tagNames].sort(),
      createdAt: iso(article.createdAt),
      updatedAt: iso(article.updatedAt),
      favorited: favorited.has(article.id),
      favoritesCount: counts.get(article.id) ?? 0,
      author: profileView(article.author, followed.has(article.authorId)),
    };
    if (!withBody) delete view.body;
    return view;
  });
}

async function articleView(article, viewerId) {
  return (await articleViews([article], viewerId))[0];
}

async function commentViews(comments, viewerId) {
  const followed = await follows.followedAmong(viewerId, [...new Set(comments.map((c) => c.authorId))]);
  return comments.map((comment) => ({
    id: comment.id,
    createdAt: iso(comment.createdAt),
    updatedAt: iso(comment.updatedAt),
    body: comment.body,
    author: profileView(comment.author, followed.has(comment.authorId)),
  }));
}

module.exports = { articleView, articleViews, commentViews, profileView, userView };
