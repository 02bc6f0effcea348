"""JSON Schemas for editors' VS Code (macros/schemas.py): current, referenced, and in step
with the models the build uses."""

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from sites import ROOT

from macros.data.schemas import SCHEMAS, SCHEMAS_DIR, schema_texts


def test_committed_schemas_are_current():
    stale = [name for name, text in schema_texts().items()
             if not (ROOT / SCHEMAS_DIR / name).exists()
             or (ROOT / SCHEMAS_DIR / name).read_text(encoding="utf-8") != text]
    assert not stale, f"stale schemas {stale}: run `python -m macros schemas` and commit them"


def data_files():
    for name, (_, _, pattern) in SCHEMAS.items():
        for file in sorted(ROOT.glob(pattern)):
            yield name, file


@pytest.mark.parametrize("name,file", list(data_files()), ids=lambda v: getattr(v, "name", v))
def test_each_data_file_points_to_its_schema_and_passes_it(name, file: Path):
    first_line = file.read_text(encoding="utf-8").splitlines()[0]
    relative = Path("../" * (len(file.relative_to(ROOT).parts) - 1)) / SCHEMAS_DIR / name
    assert first_line == f"# yaml-language-server: $schema={relative.as_posix()}"
    schema = json.loads((ROOT / SCHEMAS_DIR / name).read_text(encoding="utf-8"))
    data = json.loads(json.dumps(yaml.safe_load(file.read_text(encoding="utf-8")), default=str))
    jsonschema.validate(data, schema)


def test_schema_rejects_what_the_build_rejects():
    schema = json.loads((ROOT / SCHEMAS_DIR / "service.schema.json").read_text(encoding="utf-8"))
    good = json.loads(json.dumps(yaml.safe_load(
        (ROOT / "data/services/sosiaalineuvonta.yml").read_text(encoding="utf-8")), default=str))
    for bad in ({**good, "charge_type": "ilmainen"}, {**good, "name": "x" * 101},
                {**good, "colour": "red"}, {k: v for k, v in good.items() if k != "owner"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


def test_vscode_maps_the_same_files():
    settings = json.loads((ROOT / ".vscode/settings.json").read_text())
    assert {Path(k).name: v for k, v in settings["yaml.schemas"].items()} == {
        name: pattern for name, (_, _, pattern) in SCHEMAS.items()}
