"""The package's shape (README "macros/, folder by folder"): imports run one way down the
flow, no module is too long to read, nothing is dead, and no code changes ``sys.path``."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

from sites import ROOT

PACKAGE = ROOT / "macros"
# Each folder may import only the folders listed for it (and itself); core imports none.
ALLOWED = {
    "core": set(),
    "data": {"core"},
    "search": {"data", "core"},
    "pages": {"data", "core"},
    "checks": {"pages", "data", "core"},
    "assemble": {"checks", "pages", "search", "data", "core"},
    "sync": {"data", "core"},  # writes the registry snapshots that data/ then reads
    "cms": {"data", "core"},  # the web editor's configuration from the models (issue #25)
}
MAX_LINES = 400


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def imported_folders(path: Path) -> set[str]:
    """The folders of the package that a module imports, by relative or absolute import."""
    folder = path.relative_to(PACKAGE).parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = folder[: len(folder) - node.level + 1]
                target = (*base, *(node.module.split(".") if node.module else ()))
            elif node.module and node.module.split(".")[0] == "macros":
                target = tuple(node.module.split(".")[1:])
            else:
                continue
            if target:
                found.add(target[0])
            else:  # "from .. import x": the package's __init__ itself
                found.add("__init__")
    return found - {folder[0] if folder else ""}


def test_folders_import_only_the_folders_below_them():
    wrong = []
    for path in modules():
        parts = path.relative_to(PACKAGE).parts
        if len(parts) == 1:
            continue  # __init__ and __main__ sit above every folder
        wrong += [f"{path.relative_to(ROOT)} imports {name}"
                  for name in imported_folders(path) if name not in ALLOWED[parts[0]]]
    assert wrong == []


def test_every_folder_has_its_place_in_the_flow():
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == set(ALLOWED)


def test_no_module_is_longer_than_400_lines():
    long = {str(p.relative_to(ROOT)): n for p in modules()
            if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def test_no_code_changes_sys_path():
    assert [str(p.relative_to(ROOT)) for p in modules()
            if re.search(r"sys\.path\.(insert|append)|sys\.path\s*=", p.read_text())] == []


def test_vulture_finds_nothing_unexplained():
    """Dead code: vulture over the package; what it cannot see used (hooks MkDocs calls, model
    fields the templates read) is listed, with the reason, in tests/vulture_allowlist.py."""
    result = subprocess.run([sys.executable, "-m", "vulture", "macros", "tests/vulture_allowlist.py",
                             "--min-confidence", "60"], cwd=ROOT, capture_output=True, text=True)
    assert "No module named vulture" not in result.stderr, \
        "vulture is missing: .venv/bin/pip install -r requirements-dev.txt"
    assert result.stdout == "" and result.returncode == 0, result.stdout + result.stderr


def test_every_model_field_is_read_somewhere():
    """The allowlist names model fields; this shows each is really used: by a template in
    overrides/ or by code outside the models."""
    from pydantic import BaseModel

    from macros.data import models, process_models, registry_models, resident_models
    code = "\n".join(p.read_text() for p in modules() if not p.name.endswith("models.py"))
    templates = "\n".join(p.read_text() for p in (ROOT / "overrides").rglob("*")
                          if p.suffix in (".md", ".html"))
    unused = []
    for module in (models, process_models, resident_models, registry_models):
        for model in vars(module).values():
            if (isinstance(model, type) and issubclass(model, BaseModel)
                    and model.__module__ == module.__name__):
                unused += [f"{model.__name__}.{field}" for field in model.model_fields
                           if not re.search(rf"\b{field}\b", code + templates)]
    assert unused == []
