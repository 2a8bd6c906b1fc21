"""Commands act as the system or, with ``--as-user``, within that user's region only."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from semesta.access import SYSTEM, acting_as


def test_it_acts_as_the_system_without_a_user(db):
    assert acting_as(None) is SYSTEM


def test_it_refuses_an_unknown_or_inactive_user(personas):
    personas["officer_a"].is_active = False
    personas["officer_a"].save()
    with pytest.raises(LookupError):
        acting_as("officer_a")
    with pytest.raises(LookupError):
        acting_as("nobody-at-all")


def test_a_monev_report_for_another_kota_is_refused(personas, tmp_path):
    with pytest.raises(CommandError, match="di luar wilayah"):
        call_command(
            "report", "monev", "--region", "31.75.01", "--period", "2025-Q4",
            "-o", str(tmp_path / "x.pdf"), "--as-user", "officer_a",
        )  # fmt: skip
    assert not (tmp_path / "x.pdf").exists()


def test_collaboration_figures_as_a_user_stay_in_their_region(personas, capsys):
    from datetime import date

    from semesta.collaboration.models import Event

    Event.objects.create(
        held_on=date(2025, 3, 1), region_id="31.75.01.1004", title="Sosialisasi Palmeriam",
        audience="rt_rw", attendance=40, created_by="uji",
    )  # fmt: skip
    args = ["collaboration", "events", "31", "--from", "2025-01-01", "--to", "2025-12-31"]
    call_command(*args, "--json")
    assert '"events": 1' in capsys.readouterr().out
    call_command(*args, "--json", "--as-user", "officer_b")
    assert '"events": 1' in capsys.readouterr().out
    call_command(*args, "--json", "--as-user", "officer_a")
    assert '"events": 0' in capsys.readouterr().out
