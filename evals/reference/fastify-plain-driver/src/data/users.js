'use strict';
// Users and the follow relation.

async function byId(db, id) {
  const rows = await db.query('SELECT * FROM users WHERE id = $1', [id]);
  return rows[0] || null;
}

async function byEmail(db, email) {
  const rows = await db.query('SELECT * FROM users WHERE email = $1', [email]);
  return rows[0] || null;
}

async function byUsername(db, username) {
  const rows = await db.query('SELECT * FROM users WHERE username = $1', [username]);
  return rows[0] || null;
}

/** Which of the given unique values already belong to someone other than `exceptId`. */
async function taken(db, { username, email }, exceptId = null) {
  const fields = [];
  const byName = username === undefined ? null : await byUsername(db, username);
  if (byName && byName.id !== exceptId) fields.push('username');
  const byMail = email === undefined ? null : await byEmail(db, email);
  if (byMail && byMail.id !== exceptId) fields.push('email');
  return fields;
}

async function insert(db, { username, email, passwordHash }) {
  const rows = await db.query(
    'INSERT INTO users (username, email, password_hash) VALUES ($1, $2, $3) RETURNING *',
    [username, email, passwordHash],
  );
  return rows[0];
}

const COLUMNS = { username: 'username', email: 'email', passwordHash: 'password_hash', bio: 'bio', image: 'image' };

/** Sets only the fields present in `changes`. */
async function update(db, id, changes) {
  const names = Object.keys(changes).filter((key) => key in COLUMNS);
  if (names.length === 0) return byId(db, id);
  const sets = names.map((key, index) => `${COLUMNS[key]} = $${index + 2}`).join(', ');
  const rows = await db.query(`UPDATE users SET ${sets} WHERE id = $1 RETURNING *`, [
    id,
    ...names.map((key) => changes[key]),
  ]);
  return rows[0] || null;
}

async function isFollowing(db, followerId, followedId) {
  if (followerId === null) return false;
  const rows = await db.query('SELECT 1 AS yes FROM follows WHERE follower_id = $1 AND followed_id = $2', [
    followerId,
    followedId,
  ]);
  return rows.length > 0;
}

async function follow(db, followerId, followedId) {
  await db.query('INSERT INTO follows (follower_id, followed_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
    followerId,
    followedId,
  ]);
}

async function unfollow(db, followerId, followedId) {
  await db.query('DELETE FROM follows WHERE follower_id = $1 AND followed_id = $2', [followerId, followedId]);
}

module.exports = { byId, byEmail, byUsername, taken, insert, update, isFollowing, follow, unfollow };
