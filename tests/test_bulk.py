"""The bulk helpers' pause of the cycle collector."""

from __future__ import annotations

import gc

import pytest

from semesta.bulk import without_cycle_collection


def test_the_cycle_collector_is_paused_inside_and_resumes_even_after_an_error():
    assert gc.isenabled()
    with pytest.raises(ValueError), without_cycle_collection():
        assert not gc.isenabled()
        raise ValueError("a workbook that cannot be read")
    assert gc.isenabled()


def test_it_leaves_a_paused_collector_paused():
    gc.disable()
    try:
        with without_cycle_collection():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the caller's pause is the caller's to end
    finally:
        gc.enable()
