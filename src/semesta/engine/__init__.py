"""Semesta's analytical engine: pure functions over the Parquet snapshot store, no Django.

Tables go in (snapshots, regions, workforce figures, targets) and tables come out (coverage
facts), so the same computation can later run elsewhere over the same Parquet files.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType


class _NoPandas(MetaPathFinder):
    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name == "pandas":
            raise ModuleNotFoundError("pandas is not needed here", name="pandas")
        return None


def _arrow_without_pandas() -> None:
    """pyarrow imports pandas, when it is installed (the bench and spark extras bring it), the
    first time it builds an array, to recognise pandas objects; Semesta hands it none, and the
    import costs every process 0.3–1.5 s. That first look is made here with pandas out of
    reach, so pyarrow goes on without it; converting to or from pandas (``to_pandas``, which
    Spark's results use) still imports it when asked."""
    if "pandas" in sys.modules:
        return
    blocker = _NoPandas()
    sys.meta_path.insert(0, blocker)
    try:
        import pyarrow

        pyarrow.array([0])
    finally:
        sys.meta_path.remove(blocker)


_arrow_without_pandas()
