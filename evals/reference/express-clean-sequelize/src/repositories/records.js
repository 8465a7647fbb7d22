'use strict';
// Plain records handed to the use cases: data only, no ORM instance methods.
function userRecord(row) {
  if (!row) return null;
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    passwordHash: row.passwordHash,
    bio: row.bio ?? null,
    image: row.image ?? null,
  };
}

function articleRecord(row) {
  if (!row) return null;
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    body: row.body,
    authorId: row.authorId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    author: row.author ? userRecord(row.author) : null,
    tagNames: (row.tags || []).map((tag) => tag.name).sort(),
  };
}

function commentRecord(row) {
  if (!row) return null;
  return {
    id: row.id,
    body: row.body,
    articleId: row.articleId,
    authorId: row.authorId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    author: row.author ? userRecord(row.author) : null,
  };
}

module.exports = { articleRecord, commentRecord, userRecord };
