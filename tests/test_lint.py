"""The Python code follows the project's ruff settings (pyproject.toml: line length, import
order, bugbear), as the pre-commit hook asks: the same check in every test run, so a merge
cannot bring code that the hook would refuse."""

from __future__ import annotations

import subprocess
import sys

from sites import ENV, ROOT


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=ROOT,
                            env=ENV, capture_output=True, text=True, timeout=120,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
