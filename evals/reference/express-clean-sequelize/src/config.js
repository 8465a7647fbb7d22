'use strict';
// Settings from the environment: DATABASE_URL (its scheme picks the database) and PORT.
function load() {
  const port = Number(process.env.PORT || 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT is not a port number: ${process.env.PORT}`);
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set');
  return { port, databaseUrl };
}

module.exports = { load };
