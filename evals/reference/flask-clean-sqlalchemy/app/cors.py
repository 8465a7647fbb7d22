"""Permissive CORS, so browser front ends on any origin can call the API."""

from __future__ import annotations

from flask import Flask, Response, request

_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Headers": "Authorization, Content-Type, X-Requested-With",
    "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, OPTIONS",
    "Access-Control-Max-Age": "86400",
}


def _preflight() -> Response | None:
    # Answer every OPTIONS request directly, including for paths no route defines.
    if request.method == "OPTIONS":
        return Response(status=204)
    return None


def _add_headers(response: Response) -> Response:
    response.headers.update(_HEADERS)
    return response


def install_cors(app: Flask) -> None:
    app.before_request(_preflight)
    app.after_request(_add_headers)
