"""Pruning the shared virtualenv cache while other evaluations prune it too."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tools.apps.install import prune_virtualenvs


def test_concurrent_pruning_neither_fails_nor_keeps_too_many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAGENT_CACHE_DIR", str(tmp_path))
    root = tmp_path / "venvs"
    errors: list[BaseException] = []

    def prune() -> None:
        try:
            prune_virtualenvs(keep=5)
        except BaseException as exc:  # any failure of a pruner is the finding
            errors.append(exc)

    for round_ in range(10):
        for index in range(60):
            (root / f"venv-{round_}-{index}").mkdir(parents=True)
        pruners = [threading.Thread(target=prune) for _ in range(4)]
        for pruner in pruners:
            pruner.start()
        for pruner in pruners:
            pruner.join()
        assert errors == [], errors[:1]
        assert len(list(root.iterdir())) == 5
