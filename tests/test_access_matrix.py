"""Every route of the URLconf and every API path, for every demo persona: zero leaks.

The routes and paths are generated (scripts/access_matrix.py walks the URLconf and the OpenAPI
schema and fails on a route it cannot fill), so a new page is checked the day it is added.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).resolve().parents[1] / "scripts/access_matrix.py"


def test_it_finds_no_route_that_serves_another_personas_objects(demo_env, tmp_path):
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--json", "--post"],
        env=demo_env,
        capture_output=True,
        text=True,
    )
    assert done.returncode in (0, 1) and done.stdout, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["personas"] >= 10
    assert result["routes"] >= 50
    assert result["requests"] > 500
    assert result["unchecked_routes"] == []
    assert result["leaks"] == []
