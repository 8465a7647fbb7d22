"""`cagent skeleton`: render the schema, data layer and layer skeleton of one stack, without an agent."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from agent.console import console, fail
from agent.spec import SpecError, load_spec
from planners.constraints.model import ConstraintError, ConstraintSet
from planners.contracts import ContractError, load_contract
from planners.schema import SkeletonError, render_skeleton
from planners.schema.bundled import domain_for


def skeleton_command(
    spec: Annotated[Path | None, typer.Argument(help="a task spec (spec.yaml); or give --framework")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="folder to write into (created; must not hold it)")] = None,
    framework: Annotated[str | None, typer.Option(help="flask fastapi django aiohttp express fastify koa hono")] = None,
    architecture: Annotated[str, typer.Option(help="clean or none")] = "none",
    database: Annotated[str, typer.Option(help="postgresql, sqlite or none (SQLite is then chosen)")] = "none",
    orm: Annotated[str, typer.Option(help="sqlalchemy (Python), sequelize (Node) or none")] = "none",
    contract: Annotated[
        str | None, typer.Option(help="bundled contract name or OpenAPI file (default: the spec's, or conduit)")
    ] = None,
) -> None:
    """Write a runnable skeleton (schema, models, layers, run.sh, manifest, GET /api/tags) for a stack."""
    if out is None:
        raise fail("--out DIR is required: the folder to write the skeleton into")
    try:
        if spec is not None:
            if framework is not None:
                raise fail("give a spec or --framework, not both")
            task = load_spec(spec)
            constraints = task.constraint_set()
            contract_source = contract or task.contract
        else:
            if framework is None:
                raise fail("give a spec file or --framework F (flask fastapi django aiohttp express fastify koa hono)")
            constraints = ConstraintSet(framework=framework, architecture=architecture, database=database, orm=orm)
            contract_source = contract or "conduit"
        domain = domain_for(load_contract(contract_source))
        report = render_skeleton(constraints, out, domain)
    except (SpecError, ConstraintError, ContractError, SkeletonError) as exc:
        raise fail(str(exc).splitlines()[0]) from None
    except ValueError as exc:  # a contract whose schemas describe nothing to store
        raise fail(f"no domain model from the contract: {exc}") from None
    except OSError as exc:
        raise fail(f"cannot write into {out}: {exc.strerror or exc}") from None
    table = Table(title=f"skeleton in {out}: {report.stack.describe()}", show_lines=False)
    table.add_column("file")
    for file in report.files:
        table.add_row(file)
    console.print(table)
    console.print(f"schema ({report.domain_source} {report.domain} model): {', '.join(report.tables)}")
    console.print(f"worked example: {report.example}; start it with ./run.sh")
    for choice in report.choices:
        console.print(f"note: {choice}")
