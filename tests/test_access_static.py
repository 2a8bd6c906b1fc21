"""Region filtering is written in the core only: no subtree filter anywhere else in the code.

The core is the access module, the regions app (the tree itself) and the Django-free engine
(DuckDB SQL over codes). Anywhere else, a subtree is asked for through them:
``restrict``/``can``/``covers``/``within`` from ``semesta.access`` or ``Region.objects.subtree``.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src/semesta"
CORE = ("access.py", "scoping.py", "regions/", "engine/")


def _outside_core() -> list[Path]:
    return [
        path
        for path in sorted(SRC.rglob("*.py"))
        if "migrations" not in path.parts and not str(path.relative_to(SRC)).startswith(CORE)
    ]


def _ends_with_dot(node: ast.AST) -> bool:
    """An f-string or concatenation that builds ``"<code>."``: a code prefix."""
    if isinstance(node, ast.JoinedStr) and node.values:
        last = node.values[-1]
        return isinstance(last, ast.Constant) and str(last.value).endswith(".")
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return isinstance(node.right, ast.Constant) and str(node.right.value).endswith(".")
    return False


def _name(path: Path) -> str:
    return str(path.relative_to(SRC)) if path.is_relative_to(SRC) else path.name


def _region_prefix(arg: str | None) -> bool:
    """A ``__startswith`` lookup on a field that holds a region code."""
    if not arg or not arg.endswith("__startswith"):
        return False
    return any(word in arg for word in ("code", "region", "kelurahan", "kecamatan", "office"))


def _offences(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        where = f"{_name(path)}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.keyword) and _region_prefix(node.arg):
            found.append(f"{where} filters with {node.arg}")
        if isinstance(node, ast.keyword) and "parent__parent" in (node.arg or ""):
            found.append(f"{where} walks parent__parent")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "startswith"
            and node.args
            and _ends_with_dot(node.args[0])
        ):
            found.append(f"{where} tests a code prefix with startswith")
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if "parent__parent" in node.value:
                found.append(f"{where} walks parent__parent")
            if "LIKE" in node.value and "code" in node.value:
                found.append(f"{where} filters codes in SQL")
    return found


def test_it_finds_the_kinds_of_filter_it_forbids(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "Region.objects.filter(code__startswith=f'{code}.')\n"
        "ok = child.startswith(code + '.')\n"
        "Fact.objects.filter(region__parent__parent='31')\n"
        "Employer.objects.filter(**{'kelurahan__parent__parent': '31'})\n"
    )
    found = _offences(sample)
    assert len(found) == 4, found


def test_it_keeps_region_filtering_inside_the_core():
    offences = [o for path in _outside_core() for o in _offences(path)]
    assert offences == []
