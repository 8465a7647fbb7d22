'use strict';
// Opens the database named by DATABASE_URL (postgres:// or sqlite:), declares the models and creates
// the schema. The only place a Sequelize instance is made.
const { Sequelize } = require('sequelize');
const { initModels } = require('../models');

let instance = null;

// sqlite:///relative.db, sqlite:////absolute.db (SQLAlchemy style), sqlite:./file.db or sqlite::memory:
function sqliteStorage(url) {
  const rest = url.slice('sqlite:'.length);
  if (rest === '' || rest === ':memory:' || rest === '//:memory:') return ':memory:';
  if (rest.startsWith('///')) return decodeURIComponent(rest.slice(3));
  if (rest.startsWith('//')) return decodeURIComponent(rest.slice(2));
  return decodeURIComponent(rest);
}

// The dialect comes from the URL's scheme; SQLite also needs its file, which Sequelize would not
// read from an SQLAlchemy-style URL.
function create(url) {
  const options = { logging: false, define: { underscored: true } };
  if (url.startsWith('sqlite:')) return new Sequelize(url, { ...options, storage: sqliteStorage(url) });
  if (/^postgres(ql)?:\/\//.test(url)) return new Sequelize(url.replace(/^postgresql:/, 'postgres:'), options);
  throw new Error(`DATABASE_URL must use the postgres or sqlite scheme, not ${url.split(':')[0]}`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function connect(url, { waitMs = 30000 } = {}) {
  const sequelize = create(url);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await sequelize.authenticate();
      break;
    } catch (error) {
      // The database may still be starting; give up only after the wait.
      if (Date.now() > deadline) throw error;
      await sleep(500);
    }
  }
  if (sequelize.getDialect() === 'sqlite') {
    await sequelize.query('PRAGMA foreign_keys = ON');
    await sequelize.query('PRAGMA journal_mode = WAL');
  }
  initModels(sequelize);
  await sequelize.sync();
  instance = sequelize;
  return sequelize;
}

// Runs `work(transaction)` in one transaction: committed when it resolves, rolled back when it throws.
function transaction(work) {
  if (instance === null) throw new Error('the database is not connected');
  return instance.transaction(work);
}

async function close() {
  if (instance !== null) await instance.close();
  instance = null;
}

module.exports = { close, connect, sqliteStorage, transaction };
