"""The contract every import kind keeps, run for each kind in the registry: a new module in
``semesta/imports/kinds/`` is tested here without a line added.

A kind declares what it needs; its example row (each column's ``example``) is imported through
the real services on the real region tree (Palmeriam, Matraman, Jakarta Timur), by an officer of
a role that may import it: read, checked, previewed, held, confirmed, applied and reverted.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.module_loading import import_string

from semesta.access import SYSTEM
from semesta.accounts.models import Role
from semesta.collaboration.models import Party
from semesta.imports import registry
from semesta.imports.forms import UploadForm
from semesta.imports.models import ImportBatch
from semesta.imports.revert import RevertRefused, revert
from semesta.imports.services import confirm, run_import
from semesta.regions.services import set_rw_layer

ROOT = Path(__file__).resolve().parent.parent
KINDS = registry.all()
PERIOD = "2025-07"
OUTSIDE = "31.71.01.1001"  # Gambir, Jakarta Pusat: outside Jakarta Timur and its branch office
# Tables that record what happened rather than hold data: they only grow.
LOGS = {"importbatch", "batchchange", "auditevent", "session", "job"}


def ids(kind) -> str:
    return kind.key


@pytest.fixture
def world(db, settings, tmp_path, personas):
    """The small region tree with RWs in Palmeriam, an agency, and the personas."""
    settings.IMPORT_DIR = tmp_path / "imports"
    settings.SNAPSHOT_DIR = tmp_path / "snapshots"
    set_rw_layer("31.75.01.1004", [2, 2])
    set_rw_layer(OUTSIDE, [2])
    Party.objects.create(code="dishub", name="Dinas Perhubungan", kind="dinas", region_id="31")
    return {**personas, "tmp": tmp_path}


def officer(world, kind):
    """Someone narrower than the province who may import the kind (None if only the province
    may)."""
    for name in ("officer_b", "branch"):
        user = world[name]
        if set(user.memberships.values_list("role", flat=True)) & set(kind.roles):
            return user
    return None


def write(world, kind, rows: list[dict[str, str]], name: str = "") -> Path:
    path = world["tmp"] / f"{name or kind.key}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.DictWriter(handle, [c.label for c in kind.columns], delimiter=";")
        out.writeheader()
        out.writerows(rows)
    return path


def run(world, kind, rows, who=SYSTEM, name: str = "") -> ImportBatch:
    period = PERIOD if kind.needs_period else None
    return run_import(who, kind.key, write(world, kind, rows, name), period=period)


def prepare(world, kind) -> None:
    """Apply the example rows of the kinds this kind's rows refer to."""
    for key in kind.requires:
        needed = registry.get(key)
        prepare(world, needed)
        assert run(world, needed, [needed.example()], name=f"pre-{key}").status == "applied"


def data_counts() -> dict[str, int]:
    return {
        m._meta.label_lower: m.objects.count()
        for m in apps.get_models()
        if m._meta.model_name not in LOGS and not m._meta.label_lower.startswith("django_")
    }


# What a kind declares.


@pytest.mark.parametrize("kind", KINDS, ids=ids)
def test_it_declares_its_behaviour_and_each_step_can_be_found(kind):
    for step in registry.REQUIRED:
        assert getattr(kind, step), f"{kind.key} declares no {step}"
    for step in registry.BEHAVIOUR:
        if getattr(kind, step):
            assert callable(import_string(getattr(kind, step))), f"{kind.key}.{step}"
    assert kind.roles and set(kind.roles) <= set(Role.values)
    columns = {c.key for c in kind.columns}
    assert kind.keys and set(kind.keys) <= columns
    assert kind.region is None or kind.region in columns
    assert set(kind.requires) <= set(registry.keys()) - {kind.key}


def test_each_kind_has_its_own_key_and_place():
    assert len({k.key for k in KINDS}) == len({k.order for k in KINDS}) == len(KINDS)


@pytest.mark.parametrize("kind", KINDS, ids=ids)
def test_its_labels_are_indonesian_with_an_english_translation(kind):
    with translation.override("en"):
        assert translation.gettext(kind.label) != kind.label, "no English for the kind's label"
    for column in kind.columns:
        assert column.label != column.key and column.label[0].isupper()
        assert column.help, f"{kind.key}.{column.key} has no help text"


@pytest.mark.parametrize("kind", KINDS, ids=ids)
def test_every_header_and_synonym_names_one_column_only(kind):
    owner: dict[str, str] = {}
    for column in kind.columns:
        for name in {registry.normalise_header(n) for n in (column.label, *column.synonyms)}:
            assert name, f"{kind.key}.{column.key}: an empty header"
            assert owner.setdefault(name, column.key) == column.key, (
                f"{kind.key}: {name!r} names both {owner[name]} and {column.key}"
            )


# The real import, end to end.


@pytest.mark.parametrize("kind", KINDS, ids=ids)
def test_its_example_goes_through_check_preview_confirm_apply_and_revert(world, kind):
    who = officer(world, kind) or world["admin"]
    prepare(world, kind)
    before = data_counts()
    bad = {**kind.example(), kind.columns[0].label: ""}  # also tried alone below
    if not kind.columns[0].required:
        bad = {**kind.example(), next(c for c in kind.columns if c.required).label: ""}
    batch = run(world, kind, [kind.example(), bad], who)
    assert batch.rows_accepted + batch.rows_rejected == batch.rows_total == 2
    assert (batch.rows_accepted, batch.rows_rejected, batch.status) == (1, 1, "held")
    assert batch.preview["added"] + batch.preview["changed"] >= 1
    assert data_counts() == before, "a held batch changed data"
    applied = confirm(batch, world["admin"])
    assert applied.status == "applied", applied.message
    assert data_counts() != before
    reverted = revert(applied, who)
    assert reverted.status == "reverted"
    assert data_counts() == before
    with pytest.raises(RevertRefused):
        revert(reverted, who)


REQUIRED = [(k, c) for k in KINDS for c in k.columns if c.required]


@pytest.mark.parametrize(
    ("kind", "column"), REQUIRED, ids=[f"{k.key}-{c.key}" for k, c in REQUIRED]
)
def test_an_empty_required_cell_rejects_its_row_naming_row_and_column(world, kind, column):
    # By an officer: for the province a participant's empty domicile is only a warning.
    prepare(world, kind)
    batch = run(world, kind, [{**kind.example(), column.label: ""}], officer(world, kind) or SYSTEM)
    assert (batch.rows_total, batch.rows_accepted, batch.rows_rejected) == (1, 0, 1)
    problems = [p for p in batch.first_problems if not p["warning"]]
    assert [(p["row"], p["column"]) for p in problems] == [(2, column.label)]
    message = problems[0]["id"]
    assert message and message != problems[0]["en"] and "Traceback" not in message


@pytest.mark.parametrize("kind", KINDS, ids=ids)
def test_a_row_repeating_the_keys_of_an_earlier_one_is_rejected(world, kind):
    prepare(world, kind)
    batch = run(world, kind, [kind.example(), kind.example()])
    assert (batch.rows_accepted, batch.rows_rejected) == (1, 1)
    assert [p["row"] for p in batch.first_problems if not p["warning"]] == [3]


@pytest.mark.parametrize("kind", [k for k in KINDS if k.region], ids=ids)
def test_a_row_of_a_region_outside_the_officers_scope_is_rejected(world, kind):
    who = officer(world, kind)
    if who is None:
        pytest.skip(f"only the province imports {kind.key}")
    prepare(world, kind)
    region = kind.column(kind.region).label
    batch = run(world, kind, [{**kind.example(), region: OUTSIDE}], who)
    assert (batch.rows_total, batch.rows_accepted, batch.rows_rejected) == (1, 0, 1)
    problems = [p for p in batch.first_problems if not p["warning"]]
    assert [(p["row"], p["column"]) for p in problems] == [(2, region)]
    assert problems[0]["id"] != problems[0]["en"]


# Everything that lists kinds lists exactly the registered ones.


def test_the_cli_offers_exactly_the_registered_kinds_with_their_columns():
    command = importlib.import_module("semesta.imports.management.commands.import")
    parser = command.Command().create_parser("semesta", "import")
    [choices] = [
        a.choices for a in parser._actions if isinstance(a, argparse.Action) and a.dest == "kind"
    ]
    assert sorted(choices) == sorted(registry.keys())
    shown = " ".join(parser.format_help().split())
    for kind in KINDS:
        assert f" {kind.key}: {kind.label}" in shown
        assert all(c.label in shown for c in kind.columns)


def test_the_upload_form_offers_exactly_the_registered_kinds(db):
    assert [key for key, _ in UploadForm().fields["kind"].choices] == registry.keys()


def test_the_api_lists_exactly_the_registered_kinds(client, personas):
    client.force_login(personas["officer_b"])
    listed = client.get("/api/v1/imports/kinds").json()
    assert [k["key"] for k in listed] == registry.keys()
    mine = {k["key"] for k in listed if k["may_import"]}
    assert mine == {k.key for k in KINDS if Role.KOTA_OFFICER in k.roles}
    for kind, shown in zip(KINDS, listed, strict=True):
        assert [c["label"] for c in shown["columns"]] == [c.label for c in kind.columns]
    documented = (ROOT / "docs/api.md").read_text()
    assert all(f"`{kind.key}`" in documented for kind in KINDS)


def test_the_docs_show_each_registered_kind_with_its_columns_and_roles():
    documented = (ROOT / "docs/imports.md").read_text()
    assert re.findall(r"^## `(\w+)`:", documented, flags=re.M) == registry.keys()
    for kind in KINDS:
        table = registry.column_table(kind)
        assert table in documented, f"docs/imports.md: replace the {kind.key} table with\n{table}"
        roles = ", ".join(str(Role(r).label) for r in kind.roles)
        assert f"| `{kind.key}` | {roles} |" in documented
