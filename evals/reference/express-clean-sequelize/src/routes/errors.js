'use strict';
// Maps domain errors and unknown routes to `{"errors": {key: [messages]}}` responses.
const { Conflict, DomainError, Forbidden, InvalidInput, NotFound, Unauthorized } = require('../services/errors');

const STATUS = new Map([
  [InvalidInput, 422],
  [Unauthorized, 401],
  [Forbidden, 403],
  [NotFound, 404],
  [Conflict, 409],
]);

function notFound(req, res) {
  res.status(404).json({ errors: { route: ['not found'] } });
}

// Express recognises an error handler by its four parameters.
// eslint-disable-next-line no-unused-vars
function handleError(error, req, res, next) {
  if (error instanceof DomainError) {
    res.status(STATUS.get(error.constructor) ?? 422).json({ errors: error.errors });
    return;
  }
  const status = Number(error.status || error.statusCode);
  if (status >= 400 && status < 500) {
    res.status(status).json({ errors: { request: [String(error.type || error.message || 'bad request')] } });
    return;
  }
  console.error(error);
  res.status(500).json({ errors: { server: ['internal error'] } });
}

module.exports = { handleError, notFound };
