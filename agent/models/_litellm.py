"""The one place that imports litellm, so its import-time settings are always applied first.

Every path to litellm (a run's model, the credentials check, the failure judge) comes through here, so
the settings below are made here and nowhere else, whichever entry point (CLI, tests, benchmarks) is used.
"""

from __future__ import annotations

import os

# litellm would otherwise download its price table on import; the copy it ships is enough.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

import litellm

# Without this litellm prints "Give Feedback / Provider List" banners next to our one-line errors.
litellm.suppress_debug_info = True

__all__ = ["litellm"]
