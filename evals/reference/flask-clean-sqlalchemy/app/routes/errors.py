"""Maps domain errors and HTTP errors to `{"errors": {key: [messages]}}` responses."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException

from ..services.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound, Unauthorized

log = logging.getLogger(__name__)

_STATUS: dict[type[DomainError], int] = {
    InvalidInput: 422,
    Unauthorized: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
}


def _error_response(errors: dict[str, list[str]], status: int) -> tuple[Response, int]:
    return jsonify({"errors": errors}), status


def _domain_error(error: DomainError) -> tuple[Response, int]:
    return _error_response(error.errors, _STATUS.get(type(error), 422))


def _http_error(error: HTTPException) -> tuple[Response, int]:
    status = error.code or 500
    if status == 404:
        return _error_response({"route": ["not found"]}, 404)
    return _error_response({"request": [(error.name or "error").lower()]}, status)


def _unexpected_error(error: Exception) -> tuple[Response, int]:
    log.exception("unhandled error", exc_info=error)
    return _error_response({"server": ["internal error"]}, 500)


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(DomainError, _domain_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
