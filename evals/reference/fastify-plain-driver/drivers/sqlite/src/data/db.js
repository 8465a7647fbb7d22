'use strict';
// The SQLite connection (better-sqlite3, one synchronous connection) and the schema, created at start-up
// when missing. The data modules write $1..$n placeholders; they are rewritten here into SQLite's `?`.
const Database = require('better-sqlite3');

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
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
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  slug TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  body TEXT NOT NULL,
  author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
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
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  body TEXT NOT NULL,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS comments_by_article ON comments (article_id);
`;

/** The file a `sqlite:///relative`, `sqlite:////absolute` or `sqlite:path` URL names. */
function fileFrom(url) {
  const rest = url.replace(/^sqlite3?:/, '');
  const path = rest.startsWith('///') ? rest.slice(3) : rest.startsWith('//') ? rest.slice(2) : rest;
  return path.split('?')[0] || ':memory:';
}

function databaseFile() {
  const url = process.env.DATABASE_URL;
  if (url) {
    if (!/^sqlite3?:/.test(url)) throw new Error(`DATABASE_URL is not a SQLite URL: ${url.split(':')[0]}:...`);
    return fileFrom(url);
  }
  if (process.env.SQLITE_PATH) return process.env.SQLITE_PATH;
  throw new Error('set DATABASE_URL (sqlite:///path) or SQLITE_PATH');
}

/** `$n` placeholders become `?`, with the parameters reordered (and repeated) to match. */
function translate(sql) {
  const order = [];
  const text = sql.replace(/\$(\d+)/g, (_, n) => {
    order.push(Number(n) - 1);
    return '?';
  });
  return { text, order };
}

async function connect() {
  const connection = new Database(databaseFile());
  connection.pragma('journal_mode = WAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  connection.exec(SCHEMA);

  const statements = new Map();
  const run = (sql, params) => {
    let prepared = statements.get(sql);
    if (!prepared) {
      const { text, order } = translate(sql);
      prepared = { statement: connection.prepare(text), order };
      statements.set(sql, prepared);
    }
    const values = prepared.order.map((index) => (params[index] === undefined ? null : params[index]));
    if (prepared.statement.reader) return prepared.statement.all(values);
    prepared.statement.run(values);
    return [];
  };
  const query = async (sql, params = []) => run(sql, params);

  return {
    query,
    // Statements run synchronously, so nothing else reaches the connection between BEGIN and COMMIT as
    // long as `work` awaits only `query`.
    async transaction(work) {
      connection.exec('BEGIN IMMEDIATE');
      try {
        const result = await work({ query });
        connection.exec('COMMIT');
        return result;
      } catch (error) {
        if (connection.inTransaction) connection.exec('ROLLBACK');
        throw error;
      }
    },
    isConflict: (error) =>
      Boolean(error) && (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'),
    close: async () => connection.close(),
  };
}

module.exports = { connect };
