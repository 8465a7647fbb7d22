'use strict';
// Articles with their tags and favourites. Rows carry the author's profile columns and, for the
// viewer ($1, null when anonymous), whether they favourited the article and follow its author.

const SELECT = `
SELECT a.id, a.slug, a.title, a.description, a.body, a.author_id, a.created_at, a.updated_at,
       u.username AS author_username, u.bio AS author_bio, u.image AS author_image,
       (SELECT CAST(count(*) AS INTEGER) FROM favorites f WHERE f.article_id = a.id) AS favorites_count,
       EXISTS (SELECT 1 FROM favorites f WHERE f.article_id = a.id AND f.user_id = $1) AS favorited,
       EXISTS (SELECT 1 FROM follows fo WHERE fo.followed_id = a.author_id AND fo.follower_id = $1) AS following
FROM articles a JOIN users u ON u.id = a.author_id`;

/** WHERE clauses for the list filters, their placeholders numbered from $`first`, and their parameters. */
function filters({ tag, author, favorited, followedBy }, first) {
  const clauses = [];
  const params = [];
  const add = (clause, value) => {
    params.push(value);
    clauses.push(clause.replace('?', `$${first + params.length - 1}`));
  };
  if (tag !== undefined) add('EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND t.name = ?)', tag);
  if (author !== undefined) add('u.username = ?', author);
  if (favorited !== undefined) {
    add(
      'EXISTS (SELECT 1 FROM favorites f JOIN users fu ON fu.id = f.user_id WHERE f.article_id = a.id AND fu.username = ?)',
      favorited,
    );
  }
  if (followedBy !== undefined) {
    add('EXISTS (SELECT 1 FROM follows fo WHERE fo.followed_id = a.author_id AND fo.follower_id = ?)', followedBy);
  }
  return { where: clauses.length ? ` WHERE ${clauses.join(' AND ')}` : '', params };
}

/** Attaches each article's tag names, sorted. */
async function withTags(db, rows) {
  if (rows.length === 0) return rows;
  const marks = rows.map((_, index) => `$${index + 1}`).join(', ');
  const tags = await db.query(
    `SELECT article_id, name FROM article_tags WHERE article_id IN (${marks}) ORDER BY name`,
    rows.map((row) => row.id),
  );
  const byArticle = new Map(rows.map((row) => [row.id, []]));
  for (const tag of tags) byArticle.get(tag.article_id).push(tag.name);
  return rows.map((row) => ({ ...row, tagList: byArticle.get(row.id) }));
}

/** One page, newest first, and the number of articles matching the filters. */
async function page(db, criteria, viewerId, limit, offset) {
  const counting = filters(criteria, 1);
  const counted = await db.query(
    `SELECT CAST(count(*) AS INTEGER) AS total FROM articles a JOIN users u ON u.id = a.author_id${counting.where}`,
    counting.params,
  );
  const { where, params } = filters(criteria, 2);
  const n = params.length + 2;
  const rows = await db.query(`${SELECT}${where} ORDER BY a.created_at DESC, a.id DESC LIMIT $${n} OFFSET $${n + 1}`, [
    viewerId,
    ...params,
    limit,
    offset,
  ]);
  return { rows: await withTags(db, rows), total: counted[0].total };
}

async function bySlug(db, slug, viewerId) {
  const rows = await db.query(`${SELECT} WHERE a.slug = $2`, [viewerId, slug]);
  return rows.length ? (await withTags(db, rows))[0] : null;
}

async function slugTaken(db, slug) {
  return (await db.query('SELECT 1 AS yes FROM articles WHERE slug = $1', [slug])).length > 0;
}

async function replaceTags(db, articleId, names) {
  await db.query('DELETE FROM article_tags WHERE article_id = $1', [articleId]);
  for (const name of names) {
    await db.query('INSERT INTO article_tags (article_id, name) VALUES ($1, $2)', [articleId, name]);
  }
}

async function insert(db, { slug, title, description, body, authorId, tagList, now }) {
  return db.transaction(async (tx) => {
    const rows = await tx.query(
      `INSERT INTO articles (slug, title, description, body, author_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
      [slug, title, description, body, authorId, now],
    );
    await replaceTags(tx, rows[0].id, tagList);
    return rows[0].id;
  });
}

/** Writes the article's new fields and, when `tagList` is given, its new tags. */
async function update(db, id, { slug, title, description, body, tagList, now }) {
  await db.transaction(async (tx) => {
    await tx.query(
      'UPDATE articles SET slug = $2, title = $3, description = $4, body = $5, updated_at = $6 WHERE id = $1',
      [id, slug, title, description, body, now],
    );
    if (tagList !== undefined) await replaceTags(tx, id, tagList);
  });
}

async function remove(db, id) {
  await db.query('DELETE FROM articles WHERE id = $1', [id]);
}

async function favorite(db, userId, articleId) {
  await db.query('INSERT INTO favorites (user_id, article_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
    userId,
    articleId,
  ]);
}

async function unfavorite(db, userId, articleId) {
  await db.query('DELETE FROM favorites WHERE user_id = $1 AND article_id = $2', [userId, articleId]);
}

async function tagNames(db) {
  const rows = await db.query('SELECT DISTINCT name FROM article_tags ORDER BY name');
  return rows.map((row) => row.name);
}

module.exports = { page, bySlug, slugTaken, insert, update, remove, favorite, unfavorite, tagNames };
