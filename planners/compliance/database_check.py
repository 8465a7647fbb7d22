"""Does the application use the required database, and only that one?

Rules (evidence from dependencies + code, see db_evidence for the roles):
- the required database shows up: its driver declared (PostgreSQL: psycopg/psycopg2/asyncpg or pg; SQLite
  on Node: sqlite3/better-sqlite3; Python's sqlite3 is in the standard library), or imported, or its URL;
- PostgreSQL needs its driver declared, and the connection must come from DATABASE_URL or the PG*
  variables: a hard-coded PostgreSQL URL with no such read cannot reach the provisioned server;
- the other database is absent. SQLite needs no server, so in a PostgreSQL task any way to run on it is a
  violation: a SQLite driver declared or imported, a SQLite URL or `dialect: 'sqlite'` the app connects with,
  a Django `ENGINE: django.db.backends.sqlite3` setting, a run.sh that overrides DATABASE_URL. Tolerated
  with a warning: a SQLite URL or ENGINE used only when DATABASE_URL is unset (a local-development
  default), and an import of the driver's exception classes alone (`from sqlite3 import IntegrityError`
  opens nothing).
  A PostgreSQL driver cannot stand in for SQLite without a server, so in a SQLite task a declared
  PostgreSQL driver is a warning; importing it directly or connecting to a PostgreSQL URL is a violation.
- bare schemes and URLs that are only compared against (dialect dispatch on DATABASE_URL) are neutral.
"""

from __future__ import annotations

from planners.compliance.db_evidence import DbEvidence, DbName, Hit, collect
from planners.compliance.imports import ImportGraph
from planners.compliance.verdict import Findings, Verdict
from planners.compliance.workspace import Workspace
from planners.constraints.model import ConstraintSet

_LABEL = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
_DRIVERS = {
    ("python", "postgresql"): "psycopg[binary], psycopg2-binary or asyncpg",
    ("node", "postgresql"): "pg",
    ("node", "sqlite"): "sqlite3 or better-sqlite3",
}


def _describe(hit: Hit) -> str:
    return {
        "dependency": f"{hit.what} declared",
        "import": f"{hit.what} imported",
        "exception": f"only exception classes of {hit.what} imported",
        "target": f"connects with {hit.what}",
        "default": f"{hit.what} used when DATABASE_URL is unset",
        "scheme": f"handles {hit.what} URLs",
        "dialect": f"uses {hit.what}",
        "engine": f"ENGINE {hit.what}",
        "config": f"configuration mentions {hit.what}",
    }[hit.role]


def check_database(workspace: Workspace, constraints: ConstraintSet, graph: ImportGraph | None = None) -> Verdict:
    required = constraints.database
    findings = Findings("database", required)
    if required == "none":
        findings.note("database is not constrained")
        return findings.verdict()
    language = constraints.language
    evidence = collect(workspace, language, graph)
    wanted: DbName = "postgresql" if required == "postgresql" else "sqlite"
    other: DbName = "sqlite" if wanted == "postgresql" else "postgresql"

    own = evidence.of(wanted)
    for hit in own:
        if hit.role != "scheme":
            findings.note(f"{_describe(hit)} ({hit.file}:{hit.line})")
    if not [hit for hit in own if hit.role != "config"]:
        findings.violation(f"no sign of {_LABEL[required]} in the dependencies or the code")

    driver = _DRIVERS.get((language, required))
    if driver and not evidence.of(wanted, "dependency"):
        findings.violation(f"no {_LABEL[required]} driver is declared (expected {driver})")

    _environment(wanted, evidence, findings)
    if wanted == "postgresql":
        _no_sqlite(evidence, findings)
    else:
        _no_postgresql(evidence, findings)
    return findings.verdict(published=_published(wanted, other, evidence))


def _environment(required: DbName, evidence: DbEvidence, findings: Findings) -> None:
    reads = (
        evidence.reads("DATABASE_URL", "PG") if required == "postgresql" else evidence.reads("DATABASE_URL", "SQLITE")
    )
    for name, file, line in reads[:3]:
        findings.note(f"reads {name} from the environment ({file}:{line})")
    if reads:
        return
    targets = evidence.of(required, "target")
    if required == "postgresql" and targets:
        hit = targets[0]
        findings.violation(
            f"hard-coded PostgreSQL connection ({hit.what}) and DATABASE_URL is never read", hit.file, hit.line
        )
    else:
        findings.warning("DATABASE_URL is never read: the database the harness provides would be ignored")


def _no_sqlite(evidence: DbEvidence, findings: Findings) -> None:
    for hit in evidence.of("sqlite"):
        if hit.role == "dependency":
            findings.violation(f"SQLite driver {hit.what} declared in a PostgreSQL task", hit.file, hit.line)
        elif hit.role == "import":
            findings.violation(f"SQLite driver {hit.what} imported in a PostgreSQL task", hit.file, hit.line)
        elif hit.role == "target":
            findings.violation(f"SQLite connection ({hit.what}) in a PostgreSQL task", hit.file, hit.line)
        elif hit.role == "engine":
            findings.violation(f"SQLite ENGINE {hit.what} configured in a PostgreSQL task", hit.file, hit.line)
        elif hit.role == "default":
            findings.warning(f"SQLite default ({hit.what}) used when DATABASE_URL is unset", hit.file, hit.line)
        elif hit.role in ("exception", "config"):
            findings.warning(f"{_describe(hit)} in a PostgreSQL task", hit.file, hit.line)


def _no_postgresql(evidence: DbEvidence, findings: Findings) -> None:
    for hit in evidence.of("postgresql"):
        if hit.role == "dependency":
            findings.warning(f"PostgreSQL driver {hit.what} declared in a SQLite task", hit.file, hit.line)
        elif hit.role == "import":
            findings.violation(f"PostgreSQL driver {hit.what} imported in a SQLite task", hit.file, hit.line)
        elif hit.role in ("target", "engine"):
            findings.violation(f"PostgreSQL connection ({hit.what}) in a SQLite task", hit.file, hit.line)
        elif hit.role in ("default", "config", "exception"):
            findings.warning(f"{_describe(hit)} in a SQLite task", hit.file, hit.line)


def _published(required: DbName, other: DbName, evidence: DbEvidence) -> bool:
    """The published verifier: any evidence of the required database and none of the other one, counting
    every mention (bare schemes and defaults too); Django's default sqlite3 ENGINE is tolerated."""
    present = bool(evidence.of(required))
    stray = [hit for hit in evidence.of(other) if not (other == "sqlite" and hit.what == "django.db.backends.sqlite3")]
    return present and not stray
