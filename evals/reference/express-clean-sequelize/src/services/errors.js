'use strict';
// Domain errors; each carries the `{field or resource: [messages]}` map the API reports.
class DomainError extends Error {
  constructor(errors) {
    super(JSON.stringify(errors));
    this.errors = errors;
  }
}

class InvalidInput extends DomainError {
  static field(name, message) {
    return new InvalidInput({ [name]: [message] });
  }
}

class Unauthorized extends DomainError {
  static token(message) {
    return new Unauthorized({ token: [message] });
  }

  static credentials() {
    return new Unauthorized({ credentials: ['invalid'] });
  }
}

class Forbidden extends DomainError {
  constructor(resource) {
    super({ [resource]: ['forbidden'] });
  }
}

class NotFound extends DomainError {
  constructor(resource) {
    super({ [resource]: ['not found'] });
  }
}

class Conflict extends DomainError {
  constructor(fields) {
    super(Object.fromEntries(fields.map((name) => [name, ['has already been taken']])));
  }
}

module.exports = { Conflict, DomainError, Forbidden, InvalidInput, NotFound, Unauthorized };
