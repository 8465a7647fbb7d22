"""The root cause of a logic error, from the strongest kind of evidence present.

Evidence comes in tiers, and the first tier with anything to say decides (inside a tier, the
candidate explaining the most failed assertions wins):

1. a documented error signature in the server log (signatures.py);
2. a request pattern that names its cause: a 401 right after a successful login or on a public route
   (auth gates everything after it, so it goes first), then an empty-body mutation answered 400, a
   405 where a sibling method works, a redirect, `/feed` answered by the slug route, an identifier
   the client never received, filtered lists failing while the plain list works;
3. an exception of the app, placed by the module that raised it (data access, auth, elsewhere);
4. what the responses themselves show (writes not reflected, reads missing data, anything else).
"""

from __future__ import annotations

import re
from collections import Counter

from evals.classify.rules import request_rules
from evals.classify.rules.candidate import BUSINESS, Candidate, best
from evals.classify.rules.cascade import Analysis
from evals.classify.rules.logscan import ExceptionSite, Hit
from evals.classify.rules.signatures import AUTH, DB

TIER_CONFIDENCE = {1: 0.85, 2: 0.75, 3: 0.6, 4: 0.45}

_DATA_LAYER = re.compile(
    r"(^|/)(\w*repositor\w*|daos?|dal|data_access|persistence|db|database|stores?)(/|\.\w+$)", re.I
)
# The project's own root in the container (/repository, /app...) says nothing about the layer.
_PROJECT_ROOT = re.compile(r"^(file://)?/[^/]+/")
_AUTH_CONTEXT = re.compile(r"auth|token|jwt|login|password|credential|current_user|verify_user", re.I)
# passlib prints this traceback and carries on with bcrypt >= 4.1: not a failure by itself.
_HARMLESS = re.compile(r"has no attribute '__about__'")
_UNAWAITED = re.compile(r"'coroutine' object|was never awaited", re.I)
_DB_WORDS = re.compile(r"session|conn|cursor|pool|engine|\bdb\b|database", re.I)
_USER_WORDS = re.compile(r"user|viewer|auth|token|current", re.I)


def from_log(hits: list[Hit]) -> list[Candidate]:
    """Tier 1: signature hits, precise ones first; generic wrappers only when nothing precise matched."""
    logic_hits = [h for h in hits if h.signature.family != "startup"]
    strong = [h for h in logic_hits if h.signature.strength >= 2]
    chosen = strong or logic_hits
    by_family: dict[str, list[Hit]] = {}
    for hit in chosen:
        by_family.setdefault(hit.signature.family, []).append(hit)
    candidates = []
    for family, family_hits in by_family.items():
        ids = Counter(h.signature.id for h in family_hits)
        evidence = [f"log: {h.line}" for h in _distinct(family_hits)[:3]]
        candidates.append(Candidate(family, ids.most_common(1)[0][0], 1, len(family_hits), evidence))
    return candidates


def _distinct(hits: list[Hit]) -> list[Hit]:
    """One hit per distinct line (stack traces repeat the same message)."""
    return list({h.line: h for h in hits}.values())


def _exception_family(site: ExceptionSite) -> tuple[str, str]:
    where = f"{site.file} {site.function}"
    if _UNAWAITED.search(f"{site.type}: {site.message}"):
        # An async call used without await: what was not awaited names the layer at fault.
        context = f"{site.code} {site.function} {site.message}"
        if _DB_WORDS.search(context):
            return DB, "db.unawaited_call"
        if _USER_WORDS.search(context):
            return AUTH, "auth.unawaited_current_user"
        return BUSINESS, "business.unawaited_call"
    if _DATA_LAYER.search(_PROJECT_ROOT.sub("", site.file)):
        return DB, "db.data_layer_exception"
    if _AUTH_CONTEXT.search(where):
        return AUTH, "auth.auth_code_exception"
    return BUSINESS, "business.app_exception"


def from_exceptions(sites: list[ExceptionSite]) -> list[Candidate]:
    """Tier 3: the app's own exceptions (warnings are noise here)."""
    grouped: dict[str, list[tuple[str, ExceptionSite]]] = {}
    for site in sites:
        if site.type.endswith("Warning") or not site.message or _HARMLESS.search(site.message):
            continue
        family, rule = _exception_family(site)
        grouped.setdefault(family, []).append((rule, site))
    candidates = []
    for family, items in grouped.items():
        rule = Counter(r for r, _ in items).most_common(1)[0][0]
        evidence = list(dict.fromkeys(f"exception: {s.describe()}" for _, s in items))[:3]
        candidates.append(Candidate(family, rule, 3, len(items), evidence))
    return candidates


def root_cause(analysis: Analysis, hits: list[Hit], sites: list[ExceptionSite], framework: str = "") -> Candidate:
    """The logic-error subcategory with its rule and evidence; business logic when nothing is specific."""
    for tier_candidates in (
        from_log(hits),
        request_rules.gates(analysis),
        request_rules.signatures(analysis, framework.lower()),
        from_exceptions(sites),
        request_rules.outcomes(analysis),
    ):
        chosen = best(tier_candidates)
        if chosen is not None:
            return chosen
    roots = analysis.roots()
    return Candidate(BUSINESS, "business.unexplained", 4, analysis.weight(roots), [r.label for r in roots[:3]])
