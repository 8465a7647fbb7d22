'use strict';
// Entry point: connect to the database (creating the schema), then listen on $PORT on all interfaces.
const { buildApp } = require('./app');
const { connect } = require('./data/db');

async function main() {
  const db = await connect();
  const app = buildApp(db);
  const port = Number(process.env.PORT || 3000);
  await app.listen({ port, host: '0.0.0.0' });
  const stop = async () => {
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error) => {
  console.error(`conduit: cannot start: ${error.message}`);
  process.exit(1);
});
