"""Seeded defects in copies of the reference, evaluated with constraints: each gets the right compliance
verdict and the right failure category. Real processes, real PostgreSQL, real HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.results import EvalResult
from evals.runner import EvalOptions, evaluate
from evals.suites.registry import load_suite
from planners.constraints import ConstraintSet
from tests.reference_mutants import make_mutant
from tools.apps import AppLimits

L3_POSTGRES = ConstraintSet(framework="flask", architecture="clean", database="postgresql", orm="sqlalchemy")

# mutant -> (suites, compliant, failing constraint kinds, category, subcategory)
CORPUS: dict[str, tuple[tuple[str, ...], bool, set[str], str, str | None]] = {
    "bearer_only": (("postman-v1",), True, set(), "logic_error", "auth_misconfiguration"),
    "favorite_parses_empty_body": (("postman-v1",), True, set(), "logic_error", "framework_idiosyncrasy"),
    "feed_wrong_join": (("hurl-v2",), True, set(), "logic_error", "incorrect_query_logic"),
    "session_used_after_close": (("postman-v1",), True, set(), "logic_error", "database_runtime_error"),
    "create_without_slug": (("postman-v1",), True, set(), "logic_error", "state_propagation_failure"),
    "route_imports_repository": (("postman-v1",), False, {"architecture"}, "constraint_violation", None),
    "sqlite_fallback": (("postman-v1",), False, {"database", "database-runtime"}, "constraint_violation", None),
    "raw_sql_in_repository": (("postman-v1",), False, {"orm"}, "constraint_violation", None),
    "syntax_error": (("postman-v1",), True, set(), "server_startup_failure", None),
}


def _evaluate(workspace: Path, provider, suites: tuple[str, ...]) -> EvalResult:
    options = EvalOptions(constraints=L3_POSTGRES, limits=AppLimits(startup_s=15, stop_grace_s=1))
    return evaluate(workspace, [load_suite(name) for name in suites], provider, options)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_seeded_defect_is_diagnosed(name: str, tmp_path: Path, postgres) -> None:
    suites, compliant, failing_kinds, category, subcategory = CORPUS[name]
    result = _evaluate(make_mutant(name, tmp_path), postgres, suites)
    assert result.compliance is not None
    failing = {v.kind for v in result.compliance.verdicts if v.required and not v.compliant}
    assert failing == failing_kinds, [str(x) for v in result.compliance.verdicts for x in v.violations]
    assert result.compliance.compliant is compliant
    assert result.failure is not None and not result.all_passed
    assert (result.failure.category, result.failure.subcategory) == (category, subcategory), result.failure
    assert result.failure.evidence, "every verdict carries its evidence"
    if not compliant:
        assert result.strict_a_pct == 0.0
        assert result.a_pct > 0  # the raw score still says how well it behaved


def test_reference_is_compliant_and_passes_strictly(postgres) -> None:
    from evals.references import reference_path

    result = _evaluate(reference_path(), postgres, ("postman-v1",))
    assert result.compliance is not None and result.compliance.compliant
    runtime = result.compliance.verdict("database-runtime")
    assert runtime is not None and runtime.compliant
    assert result.all_passed and result.strict_a_pct == result.a_pct == 100.0 and result.failure is None
