'use strict';
// The PostgreSQL connection (node-postgres pool) and the schema, created at start-up when missing.
// Every other data module writes portable SQL with $1..$n placeholders against `query`.
const { Pool } = require('pg');

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id SERIAL PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  bio TEXT,
  image TEXT
);
CREATE TABLE IF NOT EXISTS follows (
  follower_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  followed_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (follower_id, followed_id)
);
CREATE TABLE IF NOT EXISTS articles (
  id SERIAL PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  body TEXT NOT NULL,
  author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at TIMESTAMPTZ(3) NOT NULL,
  updated_at TIMESTAMPTZ(3) NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_by_author ON articles (author_id);
CREATE INDEX IF NOT EXISTS articles_by_creation ON articles (created_at);
CREATE TABLE IF NOT EXISTS article_tags (
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  PRIMARY KEY (article_id, name)
);
CREATE INDEX IF NOT EXISTS article_tags_by_name ON article_tags (name);
CREATE TABLE IF NOT EXISTS favorites (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, article_id)
);
CREATE TABLE IF NOT EXISTS comments (
  id SERIAL PRIMARY KEY,
  body TEXT NOT NULL,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at TIMESTAMPTZ(3) NOT NULL,
  updated_at TIMESTAMPTZ(3) NOT NULL
);
CREATE INDEX IF NOT EXISTS comments_by_article ON comments (article_id);
`;

function runner(client) {
  return async (sql, params = []) => (await client.query(sql, params)).rows;
}

async function connect() {
  // Without DATABASE_URL node-postgres reads the PG* variables (PGHOST, PGDATABASE, ...).
  const url = process.env.DATABASE_URL;
  const pool = new Pool(url ? { connectionString: url } : {});
  await pool.query(SCHEMA);
  return {
    query: runner(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({ query: runner(client) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    // 23505: unique_violation (a username, email or slug taken by a concurrent request).
    isConflict: (error) => error && error.code === '23505',
    close: () => pool.end(),
  };
}

module.exports = { connect };
