'use strict';
// Entry point: connect to the database (creating the schema), then serve on 0.0.0.0:$PORT.
const config = require('./config');
const { createApp } = require('./app');
const database = require('./repositories/database');

async function main() {
  const settings = config.load();
  await database.connect(settings.databaseUrl);
  const server = createApp().listen(settings.port, '0.0.0.0', () => {
    console.log(`conduit listening on 0.0.0.0:${settings.port}`);
  });
  const stop = () => server.close(() => database.close().finally(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  console.error(`conduit: ${error.message}`);
  process.exit(1);
});
