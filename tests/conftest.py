"""Shared fixtures: the real data beside the clone, and a scratch directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``: skipped with a reason on a user's clone, required in CI."""
    if not SHARED_DATA.is_dir():
        message = (
            f"{SHARED_DATA} is missing: these tests read the real public datasets that sit "
            "beside the clone in CI (see README, 'Tests')"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return SHARED_DATA
