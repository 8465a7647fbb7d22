'use strict';
// The Fastify application: JSON parsing, CORS, error shapes and the routes under /api.
const Fastify = require('fastify');
const { ApiError, invalid } = require('./errors');

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
  'access-control-allow-headers': 'Authorization, Content-Type, X-Requested-With',
  'access-control-max-age': '86400',
};

/**
 * Fastify's own JSON parser answers an empty body with 400 (FST_ERR_CTP_EMPTY_JSON_BODY), but clients
 * send `Content-Type: application/json` on bodiless DELETE and POST requests; an empty body is no body.
 * Bodies with another or no content type are read as JSON too, as lenient clients expect.
 */
function parseJson(request, text, done) {
  if (text.trim() === '') {
    done(null, undefined);
    return;
  }
  try {
    done(null, JSON.parse(text));
  } catch {
    done(invalid({ body: ['is not valid JSON'] }));
  }
}

function errorHandler(error, request, reply) {
  if (error instanceof ApiError) return reply.code(error.status).send({ errors: error.errors });
  const status = error.statusCode;
  if (Number.isInteger(status) && status >= 400 && status < 500) {
    return reply.code(status).send({ errors: { request: [error.message] } });
  }
  request.log.error(error);
  return reply.code(500).send({ errors: { server: ['internal error'] } });
}

function buildApp(db, options = {}) {
  const app = Fastify({ logger: options.logger ?? { level: 'warn' }, bodyLimit: 1024 * 1024 });

  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('*', { parseAs: 'string' }, parseJson);

  // Preflights are answered for every path, before routing; every answer carries the CORS headers.
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(CORS);
    if (request.method === 'OPTIONS') return reply.code(204).send();
    return undefined;
  });

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ errors: { route: ['not found'] } }));

  app.get('/api/health-check', async () => ({ status: 'ok' }));
  for (const routes of ['users', 'profiles', 'articles', 'comments', 'tags']) {
    app.register(require(`./routes/${routes}`), { prefix: '/api', db });
  }
  return app;
}

module.exports = { buildApp };
