"""The import kinds: every module in this package is one kind and registers itself
(``semesta.imports.registry``). Adding a kind is adding a module here, and its test.

Header matching ignores case, spaces and punctuation, so ``No. KTP``, ``no ktp`` and ``NO_KTP``
are the same column. docs/imports.md shows each kind's columns; a test keeps the two in step.
"""

from __future__ import annotations

import importlib
import pkgutil

from semesta.imports.registry import Column, Kind, header_index, normalise_header
from semesta.imports.registry import all as registered

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")

# The participant kind by name: the engine's checks (imports/participants.py) read its columns.
from semesta.imports.kinds.participants import PARTICIPANTS  # noqa: E402

KINDS: dict[str, Kind] = {kind.key: kind for kind in registered()}

__all__ = ["KINDS", "PARTICIPANTS", "Column", "Kind", "header_index", "normalise_header"]
