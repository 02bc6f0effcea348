"""Shared fixtures: the real handbook built once per test session."""

from __future__ import annotations

import pytest
from sites import ROOT, build


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The real handbook, built strictly into a temporary folder once per session."""
    result = build(ROOT, tmp_path_factory.mktemp("site") / "site")
    assert result.returncode == 0, f"the handbook does not build:\n{result.output}"
    return result.site
