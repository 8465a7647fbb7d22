'use strict';
// Response shapes: ISO timestamps with milliseconds, null (never "") bio and image, real booleans.

const timestamp = (value) => new Date(value).toISOString();

const profile = (username, bio, image, following) => ({
  username,
  bio: bio || null,
  image: image || null,
  following: Boolean(following),
});

const user = (row, token) => ({
  email: row.email,
  token,
  username: row.username,
  bio: row.bio || null,
  image: row.image || null,
});

const author = (row) => profile(row.author_username, row.author_bio, row.author_image, row.following);

function article(row, withBody = true) {
  const view = {
    slug: row.slug,
    title: row.title,
    description: row.description,
    ...(withBody ? { body: row.body } : {}),
    tagList: [...row.tagList].sort(),
    createdAt: timestamp(row.created_at),
    updatedAt: timestamp(row.updated_at),
    favorited: Boolean(row.favorited),
    favoritesCount: Number(row.favorites_count),
    author: author(row),
  };
  return view;
}

const comment = (row) => ({
  id: Number(row.id),
  createdAt: timestamp(row.created_at),
  updatedAt: timestamp(row.updated_at),
  body: row.body,
  author: author(row),
});

module.exports = { profile, user, article, comment };
