"""Test-run set-up shared by every test: a throwaway data directory, never ./var."""

import os
import tempfile

os.environ.setdefault("SEMESTA_DATA_DIR", tempfile.mkdtemp(prefix="semesta-test-"))
