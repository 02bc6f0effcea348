"""Every test file under tests/ is collected: a folder name a tool skips (pytest's default
``norecursedirs`` once skipped ``tests/build/``), a file that fails to import or a file without
a test shows up here, by name."""

from __future__ import annotations

import re
import subprocess
import sys

from sites import ENV, ROOT


def test_every_test_file_is_collected():
    on_disk = {path.relative_to(ROOT).as_posix() for path in (ROOT / "tests").rglob("test_*.py")
               if "fixtures" not in path.parts}
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                             "-o", "addopts=", "tests"],
                            cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=300,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, f"collection failed:\n{result.stdout[-3000:]}{result.stderr[-2000:]}"
    collected = {re.split(r"::", line)[0] for line in result.stdout.splitlines() if "::" in line}
    assert len(on_disk) > 40, on_disk
    assert sorted(on_disk - collected) == [], "test files on disk that pytest does not collect"
    assert collected <= on_disk, sorted(collected - on_disk)
