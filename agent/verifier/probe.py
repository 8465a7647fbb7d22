"""The contract probe: requests derived from the OpenAPI document alone, their answers checked against it.

Two users register through the contract's registration operation (the first is also read back with the
token, the start of the database smoke test); then every operation is called once in an order that
lets creations feed the path parameters of later calls (`slug`, `id` from create responses; a user's
`username` from the second user), deletions last. Each call checks: routed (no bare 404/405), the
declared success status, the response against its schema (required keys present even when null,
integer counts, booleans, arrays; `sorted` lists), 401 without a token where one is required, public
reads with and without a token, and body-less operations sent as clients send them: `Content-Type:
application/json` with an empty body.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx

from agent.verifier.contract import Contract, ProbeOperation, sorted_clause_violations
from agent.verifier.exchange import Exchange, send
from agent.verifier.report import Finding, GateName, tail

# Keys whose example values must differ between runs and users (uniqueness constraints).
_UNIQUE_KEYS = frozenset({"username", "email", "title", "name", "login"})
_USER_KEYS = frozenset({"username", "login", "user", "name"})
REQUEST_TIMEOUT_S = 5.0
DEATH_GRACE_S = 2.0  # how long a refused connection waits for the crashed server to be seen gone


@dataclass
class Identity:
    values: dict[str, Any]  # the leaf values it registered with (email, password, username)
    token: str | None = None


@dataclass
class ProbeOutcome:
    smoke: list[Finding] = field(default_factory=list)
    contract: list[Finding] = field(default_factory=list)
    registered: dict[str, Any] = field(default_factory=dict)  # the first user's registration values
    requests: int = 0
    notes: list[str] = field(default_factory=list)
    smoke_ran: bool = False


def _walk(value: Any) -> list[tuple[str, Any]]:
    """(key, scalar) pairs of nested objects, not descending into lists (a list holds other resources)."""
    pairs: list[tuple[str, Any]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict):
                pairs += _walk(item)
            elif isinstance(item, str | int) and not isinstance(item, bool):
                pairs.append((key, item))
    return pairs


def _unique(value: Any, suffix: str, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _unique(v, suffix, k) for k, v in value.items()}
    if isinstance(value, str) and key in _UNIQUE_KEYS:
        if "@" in value:
            local, _, domain = value.partition("@")
            return f"{local}{suffix}@{domain}"
        return f"{value} {suffix}" if key == "title" else f"{value}{suffix}"
    return value


def _replace_keys(value: Any, known: dict[str, Any]) -> Any:
    if isinstance(value, dict):
        return {
            key: known[key] if key in known and not isinstance(item, dict) else _replace_keys(item, known)
            for key, item in value.items()
        }
    return value


class ContractProbe:
    def __init__(
        self,
        contract: Contract,
        client: httpx.Client,
        *,
        server_alive: Callable[[], bool],
        log_tail: Callable[[], str],
        budget_s: float = 90.0,
    ) -> None:
        self.contract = contract
        self.client = client
        self.server_alive = server_alive
        self.log_tail = log_tail
        self.deadline = time.monotonic() + budget_s
        self.scheme = _token_scheme(contract.document)
        self.captures: dict[str, Any] = {}
        self.creators: dict[str, str] = {}  # captured key -> the operation whose response gave it
        self.outcome = ProbeOutcome()
        self.dead = False

    # -- requests ---------------------------------------------------------------------------------------
    def _headers(self, identity: Identity | None) -> dict[str, str]:
        if identity is None or not identity.token:
            return {}
        return {"Authorization": f"{self.scheme} {identity.token}"}

    def _send(self, op: ProbeOperation, path: str, identity: Identity | None, body: Any = None) -> Exchange:
        empty = body is None and op.method != "GET" and not op.has_body
        exchange = Exchange(op.method, path, self._headers(identity), body, empty_json=empty)
        self.outcome.requests += 1
        return send(self.client, exchange)

    def _find(self, gate: GateName, message: str, exchange: Exchange, log: bool = False) -> None:
        evidence = exchange.evidence()
        if log and (text := self.log_tail().strip()):
            evidence += "\nserver log (end):\n" + tail(text, 1200)
        finding = Finding(gate=gate, message=message, evidence=evidence)
        (self.outcome.smoke if gate == "db-smoke" else self.outcome.contract).append(finding)

    # -- judging one answer ------------------------------------------------------------------------------
    def _judge(self, gate: GateName, op: ProbeOperation, exchange: Exchange, how: str = "") -> bool:
        """True when the answer is what the contract says; otherwise one finding saying how it is not."""
        label = f"{op.label}{how}"
        expected = op.operation.success_status
        if exchange.error:
            if not self._alive_after_error():
                self.dead = True
                self._find(gate, f"the server died while answering {label}", exchange, log=True)
            else:
                self._find(gate, f"{label} got no answer ({exchange.error})", exchange, log=True)
            return False
        status = exchange.status or 0
        if status == expected:
            return self._check_body(gate, op, exchange, status, label)
        if status in (404, 405) and not self._names_a_resource(op, exchange):
            self._find(gate, f"{label} is not routed: it answered {status} (the contract says {expected})", exchange)
        elif status == 404:
            given = ", ".join(f"{p}={self.captures.get(p)!r} (from {self.creators.get(p, 'registration')})"
                              for p in op.path_params)  # fmt: skip
            self._find(gate, f"{label} answered 404 for what was just created: {given}", exchange)
        elif status >= 500:
            self._find(gate, f"{label} failed with a server error {status}", exchange, log=True)
        elif status == 401 and exchange.headers:
            self._find(gate, f"{label} rejected a valid `Authorization: {self.scheme} <jwt>`", exchange)
        elif exchange.empty_json and status in (400, 415, 422):
            self._empty_body(gate, op, exchange, label)
        else:
            self._find(gate, f"{label} answered {status}; the contract says {expected}", exchange)
        return False

    def _alive_after_error(self) -> bool:
        """Whether the server outlived a failed request; a process that crashed is reaped a moment later."""
        deadline = time.monotonic() + DEATH_GRACE_S
        while time.monotonic() < deadline:
            if not self.server_alive():
                return False
            time.sleep(0.05)
        return self.server_alive()

    def _empty_body(self, gate: GateName, op: ProbeOperation, exchange: Exchange, label: str) -> None:
        bare = send(self.client, Exchange(op.method, exchange.path, dict(exchange.headers), None))
        self.outcome.requests += 1
        if bare.status == op.operation.success_status:
            message = (f"{label} rejects an empty body with Content-Type: application/json ({exchange.status}), "
                       "which clients send; it accepts the same request without Content-Type")  # fmt: skip
        else:
            message = (f"{label} answered {exchange.status} to Content-Type: application/json with an empty body "
                       f"(what clients send to an operation without a body); the contract says "
                       f"{op.operation.success_status}")  # fmt: skip
        self._find(gate, message, exchange)

    def _names_a_resource(self, op: ProbeOperation, exchange: Exchange) -> bool:
        """A 404 the operation declares, whose error body names a resource of its path (`errors.article`
        for /articles/{slug}/...): the route exists and the lookup failed. Anything else is a missing route."""
        pointer = self.contract.response_schema_pointer(op, exchange.status or 0)
        body = exchange.json
        if body is None or pointer is None or self.contract.validation_errors(pointer, body):
            return False
        words = {part.lower().rstrip("s") for part in op.operation.path.split("/") if part and "{" not in part}
        keys = {str(key).lower().rstrip("s") for value in body.values() if isinstance(value, dict) for key in value}
        return bool(words & keys) or not keys

    def _check_body(self, gate: GateName, op: ProbeOperation, exchange: Exchange, status: int, label: str) -> bool:
        pointer = self.contract.response_schema_pointer(op, status)
        if pointer is None:
            if exchange.text.strip():
                self._find(gate, f"{label} answered {status} with a body; the contract declares none", exchange)
                return False
            return True
        body = exchange.json
        if body is None:
            self._find(gate, f"{label} answered {status} without a JSON body", exchange)
            return False
        problems = self.contract.validation_errors(pointer, body) + sorted_clause_violations(
            self.contract, pointer, body
        )
        if problems:
            name = self.contract.schema_name(pointer)
            self._find(gate, f"{label}: the response does not match {name}: " + "; ".join(problems), exchange)
            return False
        return True

    # -- the scenario ------------------------------------------------------------------------------------
    def _token_ops(self) -> list[ProbeOperation]:
        """Public POSTs whose answer carries a token: registration first (201), then login."""
        ops = [op for op in self.contract.operations if op.method == "POST" and op.operation.auth == "none"
               and not op.path_params and self._returns_token(op)]  # fmt: skip
        return sorted(ops, key=lambda op: op.operation.success_status != 201)

    def _returns_token(self, op: ProbeOperation) -> bool:
        pointer = self.contract.response_schema_pointer(op, op.operation.success_status)
        return pointer is not None and "token" in _property_names(self.contract, pointer)

    def _register(self, op: ProbeOperation, first: bool) -> Identity | None:
        body = _unique(self.contract.request_body(op), secrets.token_hex(3))
        exchange = self._send(op, op.operation.path, None, body)
        gate: GateName = "db-smoke"
        judged = self._judge(gate, op, exchange, " (registering a user)")
        if not judged and exchange.status != op.operation.success_status:
            return None  # a user was not made; a response that only breaks its schema still made one
        identity = Identity(values=dict(_walk(body)))
        answered = dict(_walk(exchange.json))
        identity.token = answered.get("token") if isinstance(answered.get("token"), str) else None
        identity.values.update({k: v for k, v in answered.items() if k in _USER_KEYS})
        if first:
            self.outcome.registered = dict(identity.values)
        return identity

    def _read_back(self, me: ProbeOperation, identity: Identity) -> None:
        exchange = self._send(me, me.operation.path, identity)
        if exchange.status == 401 and identity.token:
            headers = {"Authorization": f"Bearer {identity.token}"}
            bearer = send(self.client, Exchange("GET", me.operation.path, headers, None))
            if bearer.status == 200 and self.scheme != "Bearer":
                self._find("db-smoke", f"{me.label} rejects `Authorization: {self.scheme} <jwt>` (it accepts "
                           f"Bearer, which this contract does not use)", exchange)  # fmt: skip
                return
        if not self._judge("db-smoke", me, exchange, f" (reading the new user back with {self.scheme} auth)"):
            return
        answered = dict(_walk(exchange.json))
        wanted = {k: v for k, v in identity.values.items() if k in ("username", "email") and k in answered}
        wrong = {k: answered[k] for k, v in wanted.items() if answered[k] != v}
        if wrong:
            self._find("db-smoke", f"{me.label} returned another user: {wrong}, registered {wanted}", exchange)

    def run(self) -> ProbeOutcome:
        token_ops = self._token_ops()
        users: list[Identity] = []
        register = token_ops[0] if token_ops else None
        if register is None:
            self.outcome.notes.append("the contract has no public operation returning a token: probed anonymously")
        else:
            self.outcome.smoke_ran = True
            for index in range(2):
                identity = self._register(register, first=index == 0)
                if identity is None or self.dead:
                    return self.outcome  # everything after depends on the users
                users.append(identity)
            me = next((op for op in self.contract.operations if op.method == "GET" and op.operation.auth == "required"
                       and not op.path_params and self._returns_token(op)), None)  # fmt: skip
            if me is not None:
                self._read_back(me, users[0])
        others = [op for op in self.contract.operations if op is not register]
        for op in sorted(others, key=_phase):
            if self.dead:
                break
            if time.monotonic() > self.deadline:
                self.outcome.notes.append(f"probe budget used up before {op.label}")
                break
            self._call(op, users)
        return self.outcome

    def _path(self, op: ProbeOperation, users: list[Identity]) -> str | None:
        path = op.operation.path
        for name in op.path_params:
            if name in _USER_KEYS and len(users) > 1 and name in users[1].values:
                value = users[1].values[name]  # a user other than the caller: follow someone else
            elif name in self.captures:
                value = self.captures[name]
            else:
                self.outcome.notes.append(f"{op.label} not probed: nothing gave a value for {{{name}}}")
                return None
            path = path.replace("{" + name + "}", quote(str(value), safe=""))
        return path

    def _call(self, op: ProbeOperation, users: list[Identity]) -> None:
        path = self._path(op, users)
        if path is None:
            return
        caller = users[0] if users else None
        body = self.contract.request_body(op) if op.has_body else None
        if body is not None:
            credentials = {k: v for k, v in (caller.values if caller else {}).items() if k in ("email", "password")}
            body = _replace_keys(_unique(body, secrets.token_hex(3)), credentials)
        if op.operation.auth == "required" and caller is not None and op.declares(401):
            anonymous = self._send(op, path, None, body)
            if anonymous.status is not None and anonymous.status not in (401, 404, 405):
                self._find("contract", f"{op.label} answered {anonymous.status} without a token; the contract "
                           "requires authentication (401)", anonymous)  # fmt: skip
        if op.operation.auth == "optional" and op.method == "GET":
            self._judge("contract", op, self._send(op, path, None), " without a token")
        identity = caller if op.operation.auth != "none" else None
        exchange = self._send(op, path, identity, body)
        how = " with a token" if op.operation.auth == "optional" and identity else ""
        if self._judge("contract", op, exchange, how):
            self._capture(op, exchange)
            if op.method in ("PUT", "PATCH") and isinstance(body, dict):
                self._persisted(op, body, users)
            if caller is not None and (token := dict(_walk(exchange.json)).get("token")) and isinstance(token, str):
                caller.token = token  # an update may issue a new token

    def _persisted(self, op: ProbeOperation, sent: dict[str, Any], users: list[Identity]) -> None:
        """After an update, the resource read again shows the values sent (the contract's "changes persist")."""
        read = next(
            (o for o in self.contract.operations if o.method == "GET" and o.operation.path == op.operation.path), None
        )
        path = self._path(read, users) if read is not None else None
        if read is None or path is None:
            return
        identity = users[0] if users and read.operation.auth != "none" else None
        exchange = self._send(read, path, identity)
        if exchange.status != read.operation.success_status:
            return  # judged when the read itself is probed
        shown = dict(_walk(exchange.json))
        lost = {key: (value, shown.get(key)) for key, value in _walk(sent)
                if value != "" and "password" not in key and key in shown and shown[key] != value}  # fmt: skip
        if lost:
            detail = ", ".join(f"{k} sent {v!r}, read back {r!r}" for k, (v, r) in lost.items())
            self._find("contract", f"{op.label}: the change did not persist ({read.label} shows the old values: "
                       f"{detail})", exchange)  # fmt: skip

    def _capture(self, op: ProbeOperation, exchange: Exchange) -> None:
        if op.method not in ("POST", "PUT", "PATCH"):
            return
        for key, value in _walk(exchange.json):
            if key in ("token",):
                continue
            self.captures[key] = value
            self.creators[key] = op.label


def _phase(op: ProbeOperation) -> tuple[int, int]:
    method = op.method
    if method == "POST" and not op.path_params:
        return (0, 0)
    if method == "GET":
        return (1, 0)
    if method in ("PUT", "PATCH"):
        return (2, 0)
    if method == "POST":
        return (3, 0)
    return (4, -op.operation.path.count("/"))  # deletions last, the deepest first


def _property_names(contract: Contract, pointer: str) -> set[str]:
    names: set[str] = set()

    def walk(schema: Any, depth: int) -> None:
        schema = contract.deref(schema)
        if not isinstance(schema, dict) or depth > 6:
            return
        for name, sub in (schema.get("properties") or {}).items():
            names.add(name)
            walk(sub, depth + 1)
        for branch in schema.get("allOf", []):
            walk(branch, depth + 1)

    walk(contract.resolved_schema(pointer), 0)
    return names


def _token_scheme(document: dict[str, Any]) -> str:
    """The word before the token in the Authorization header: Bearer for http bearer, else what the
    scheme's description shows (Conduit: `Token <jwt>`), Token by default."""
    for scheme in ((document.get("components") or {}).get("securitySchemes") or {}).values():
        if scheme.get("type") == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
            return "Bearer"
        if scheme.get("type") == "apiKey" and str(scheme.get("name", "")).lower() == "authorization":
            found = re.search(r"`(\w+) <", str(scheme.get("description", "")))
            if found:
                return found.group(1)
    return "Token"
