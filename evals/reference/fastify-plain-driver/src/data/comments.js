'use strict';
// Comments of an article, with their author's profile columns and whether the viewer ($1) follows them.

const SELECT = `
SELECT c.id, c.body, c.article_id, c.author_id, c.created_at, c.updated_at,
       u.username AS author_username, u.bio AS author_bio, u.image AS author_image,
       EXISTS (SELECT 1 FROM follows fo WHERE fo.followed_id = c.author_id AND fo.follower_id = $1) AS following
FROM comments c JOIN users u ON u.id = c.author_id`;

async function ofArticle(db, articleId, viewerId) {
  return db.query(`${SELECT} WHERE c.article_id = $2 ORDER BY c.created_at DESC, c.id DESC`, [viewerId, articleId]);
}

async function byId(db, articleId, id, viewerId) {
  const rows = await db.query(`${SELECT} WHERE c.article_id = $2 AND c.id = $3`, [viewerId, articleId, id]);
  return rows[0] || null;
}

async function insert(db, { articleId, authorId, body, now }) {
  const rows = await db.query(
    `INSERT INTO comments (body, article_id, author_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $4) RETURNING id`,
    [body, articleId, authorId, now],
  );
  return rows[0].id;
}

async function remove(db, id) {
  await db.query('DELETE FROM comments WHERE id = $1', [id]);
}

module.exports = { ofArticle, byId, insert, remove };
