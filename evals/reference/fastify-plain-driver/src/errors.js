'use strict';
// Errors a client can cause, each answered as {"errors": {key: [messages]}} with its status.

class ApiError extends Error {
  constructor(status, errors) {
    super(Object.entries(errors)
      .map(([key, messages]) => `${key} ${messages.join(', ')}`)
      .join('; '));
    this.status = status;
    this.errors = errors;
  }
}

const invalid = (errors) => new ApiError(422, errors);
const unauthorized = (message) => new ApiError(401, { token: [message] });
const badCredentials = () => new ApiError(401, { credentials: ['invalid'] });
const forbidden = (resource) => new ApiError(403, { [resource]: ['forbidden'] });
const notFound = (resource) => new ApiError(404, { [resource]: ['not found'] });
const taken = (fields) => new ApiError(409, Object.fromEntries(fields.map((f) => [f, ['has already been taken']])));

module.exports = { ApiError, invalid, unauthorized, badCredentials, forbidden, notFound, taken };
