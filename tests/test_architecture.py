"""The package's floors: every import inside `ie/` points down the data's journey, never up or sideways.

read → layout → extract → evaluate / annotate / audit / train → export, with the shared foundations
(schema: the record, numbers, the tables' arithmetic; read: documents and corpora; tagger:
the model's character codec) below the stages. Imports inside functions count the same.
"""

import ast
from pathlib import Path

import pytest

IE = Path(__file__).resolve().parents[1] / "ie"

FLOORS = {
    "schema": 0,
    "read": 1,
    "tagger": 1,
    "layout": 2,
    "synth": 2,
    "extract": 3,
    "audit": 4,
    "evaluate": 4,
    "annotate": 4,
    "train": 4,
    "export": 5,
    "curate": 5,
    "validate": 5,
    "cli": 6,
    "__main__": 7,
}


def package_of(path: Path) -> str:
    parts = path.relative_to(IE).with_suffix("").parts
    return parts[0]


def imported_packages(path: Path) -> list[tuple[int, str]]:
    """(line, first package under `ie`) of every `ie.*` import in a file, wherever it stands."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] if node.module != "ie" else [f"ie.{a.name}" for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "ie" and len(parts) > 1:
                found.append((node.lineno, parts[1]))
    return found


def module_files() -> list[Path]:
    return sorted(p for p in IE.rglob("*.py") if p.name != "__init__.py" or p.parent != IE)


def test_every_package_has_a_floor():
    packages = {package_of(p) for p in module_files()}
    assert packages <= set(FLOORS), f"give these packages a floor: {packages - set(FLOORS)}"


@pytest.mark.parametrize("path", module_files(), ids=lambda p: str(p.relative_to(IE)))
def test_imports_point_down(path):
    own = package_of(path)
    wrong = [
        f"line {line}: {own} imports ie.{target}"
        for line, target in imported_packages(path)
        if target != own and target in FLOORS and FLOORS[target] >= FLOORS[own]
    ]
    assert not wrong, "; ".join(wrong)


def test_the_check_sees_an_upward_import_inside_a_function(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from ie.evaluate.scores import score\n    return score\n")
    assert imported_packages(sample) == [(2, "evaluate")]
