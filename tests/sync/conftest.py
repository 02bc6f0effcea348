"""Shared by the sync tests: a project folder with an empty data/ for a snapshot."""

from __future__ import annotations

import pytest


@pytest.fixture
def root(tmp_path):
    (tmp_path / "data").mkdir()
    return tmp_path
