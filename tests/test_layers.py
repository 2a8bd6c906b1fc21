"""The floors of the house hold: imports point down, and the known exceptions only go away.

`make lint` runs ``lint-imports`` on ``.importlinter``. These tests prove it fails on an upward
import, and that the named exceptions (``ignore_imports``, the known debt CONTRIBUTING.md lists)
never grow: a new edge between floors or between domain apps is a design change, not a line to
add here.
"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".importlinter"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# The debt when the contracts were written (issue 19): contract, importer -> imported. Delete
# lines as edges go; never add one.
KNOWN_DEBT = """
layers: semesta.errors -> semesta.menus
layers: semesta.coverage.management.commands.serve -> semesta.wsgi
core: semesta.access -> semesta.regions.models
side-by-side: semesta.errors -> semesta.menus
side-by-side: semesta.coverage.management.commands.serve -> semesta.wsgi
side-by-side: semesta.awards.indicators -> semesta.coverage.cache
side-by-side: semesta.awards.indicators -> semesta.coverage.models
side-by-side: semesta.awards.indicators -> semesta.employers.models
side-by-side: semesta.awards.indicators -> semesta.employers.services
side-by-side: semesta.awards.indicators -> semesta.legal.models
side-by-side: semesta.awards.indicators -> semesta.programmes.models
side-by-side: semesta.awards.indicators -> semesta.workers.models
side-by-side: semesta.awards.models -> semesta.employers.models
side-by-side: semesta.awards.models -> semesta.employers.sectors
side-by-side: semesta.awards.services -> semesta.employers.models
side-by-side: semesta.awards.services -> semesta.employers.sectors
side-by-side: semesta.businesses.management.commands.businesses -> semesta.imports.reading
side-by-side: semesta.businesses.models -> semesta.employers.models
side-by-side: semesta.businesses.services -> semesta.employers.models
side-by-side: semesta.businesses.services -> semesta.imports.checks
side-by-side: semesta.businesses.services -> semesta.imports.kinds
side-by-side: semesta.businesses.services -> semesta.imports.messages
side-by-side: semesta.businesses.services -> semesta.imports.reading
side-by-side: semesta.businesses.services -> semesta.imports.resolve
side-by-side: semesta.collaboration.benefits -> semesta.sponsorship.models
side-by-side: semesta.collaboration.benefits -> semesta.workers.models
side-by-side: semesta.collaboration.forms -> semesta.workers.models
side-by-side: semesta.collaboration.management.commands.collaboration -> semesta.coverage.models
side-by-side: semesta.collaboration.models -> semesta.legal.models
side-by-side: semesta.collaboration.models -> semesta.sponsorship.models
side-by-side: semesta.collaboration.models -> semesta.workers.models
side-by-side: semesta.collaboration.outreach -> semesta.coverage.models
side-by-side: semesta.collaboration.panels -> semesta.coverage.cache
side-by-side: semesta.collaboration.progress -> semesta.coverage.models
side-by-side: semesta.collaboration.progress -> semesta.workers.models
side-by-side: semesta.collaboration.staff -> semesta.contributions.calculator
side-by-side: semesta.collaboration.staff -> semesta.coverage.models
side-by-side: semesta.collaboration.staff -> semesta.workers.matching
side-by-side: semesta.collaboration.staff_list -> semesta.workers.models
side-by-side: semesta.collaboration.views -> semesta.coverage.lookup
side-by-side: semesta.collaboration.views -> semesta.legal.models
side-by-side: semesta.coverage.cache -> semesta.imports.models
side-by-side: semesta.coverage.exports -> semesta.imports.report
side-by-side: semesta.coverage.summary -> semesta.employers.models
side-by-side: semesta.coverage.urls -> semesta.legal.views
side-by-side: semesta.coverage.urls -> semesta.sponsorship.views
side-by-side: semesta.coverage.urls -> semesta.workers.views
side-by-side: semesta.coverage.views -> semesta.collaboration.panels
side-by-side: semesta.coverage.views -> semesta.legal.models
side-by-side: semesta.digests.services -> semesta.imports.models
side-by-side: semesta.digests.services -> semesta.programmes.attainment
side-by-side: semesta.digests.services -> semesta.programmes.models
side-by-side: semesta.digests.services -> semesta.workers.models
side-by-side: semesta.employers.forms -> semesta.legal.models
side-by-side: semesta.employers.listing -> semesta.coverage.models
side-by-side: semesta.employers.services -> semesta.contributions.rules
side-by-side: semesta.employers.templatetags.kepesertaan -> semesta.contributions.rules
side-by-side: semesta.employers.views -> semesta.coverage.models
side-by-side: semesta.imports.apply -> semesta.collaboration.benefits
side-by-side: semesta.imports.apply -> semesta.collaboration.models
side-by-side: semesta.imports.apply -> semesta.collaboration.staff
side-by-side: semesta.imports.apply -> semesta.coverage.models
side-by-side: semesta.imports.apply -> semesta.coverage.services
side-by-side: semesta.imports.apply -> semesta.employers.models
side-by-side: semesta.imports.apply -> semesta.sponsorship.models
side-by-side: semesta.imports.apply -> semesta.workers.matching
side-by-side: semesta.imports.apply -> semesta.workers.models
side-by-side: semesta.imports.benefits_import -> semesta.collaboration.models
side-by-side: semesta.imports.benefits_import -> semesta.workers.models
side-by-side: semesta.imports.ownership -> semesta.employers.models
side-by-side: semesta.imports.ownership -> semesta.workers.models
side-by-side: semesta.imports.preview -> semesta.collaboration.models
side-by-side: semesta.imports.preview -> semesta.coverage.models
side-by-side: semesta.imports.preview -> semesta.employers.models
side-by-side: semesta.imports.preview -> semesta.sponsorship.models
side-by-side: semesta.imports.preview -> semesta.workers.models
side-by-side: semesta.imports.revert -> semesta.collaboration.models
side-by-side: semesta.imports.revert -> semesta.collaboration.staff
side-by-side: semesta.imports.revert -> semesta.coverage.models
side-by-side: semesta.imports.revert -> semesta.coverage.services
side-by-side: semesta.imports.revert -> semesta.workers.matching
side-by-side: semesta.imports.revert -> semesta.workers.models
side-by-side: semesta.imports.roster_import -> semesta.workers.models
side-by-side: semesta.imports.staff_import -> semesta.collaboration.models
side-by-side: semesta.imports.staff_import -> semesta.contributions.calculator
side-by-side: semesta.imports.worker -> semesta.reports.services
side-by-side: semesta.legal.views -> semesta.collaboration.models
side-by-side: semesta.legal.views -> semesta.collaboration.services
side-by-side: semesta.legal.views -> semesta.employers.models
side-by-side: semesta.opendata.export -> semesta.coverage.models
side-by-side: semesta.opendata.management.commands.export -> semesta.coverage.models
side-by-side: semesta.programmes.attainment -> semesta.workers.models
side-by-side: semesta.programmes.plans -> semesta.contributions.calculator
side-by-side: semesta.programmes.plans -> semesta.sponsorship.models
side-by-side: semesta.programmes.plans -> semesta.sponsorship.services
side-by-side: semesta.programmes.plans -> semesta.workers.matching
side-by-side: semesta.programmes.plans -> semesta.workers.models
side-by-side: semesta.programmes.views -> semesta.coverage.targets
side-by-side: semesta.programmes.views -> semesta.workers.matching
side-by-side: semesta.reports.forms -> semesta.coverage.services
side-by-side: semesta.reports.gather -> semesta.collaboration.services
side-by-side: semesta.reports.gather -> semesta.coverage.cache
side-by-side: semesta.reports.gather -> semesta.coverage.models
side-by-side: semesta.reports.gather -> semesta.coverage.region
side-by-side: semesta.reports.gather -> semesta.coverage.summary
side-by-side: semesta.reports.gather -> semesta.employers.models
side-by-side: semesta.reports.gather -> semesta.legal.models
side-by-side: semesta.reports.gather -> semesta.programmes.attainment
side-by-side: semesta.reports.gather -> semesta.programmes.models
side-by-side: semesta.reports.gather -> semesta.sponsorship.models
side-by-side: semesta.reports.gather -> semesta.sponsorship.services
side-by-side: semesta.reports.gather -> semesta.workers.models
side-by-side: semesta.reports.services -> semesta.coverage.services
side-by-side: semesta.sponsorship.listing -> semesta.workers.matching
side-by-side: semesta.sponsorship.listing -> semesta.workers.models
side-by-side: semesta.sponsorship.models -> semesta.workers.models
side-by-side: semesta.sponsorship.services -> semesta.contributions.calculator
side-by-side: semesta.sponsorship.services -> semesta.contributions.rules
side-by-side: semesta.sponsorship.services -> semesta.workers.matching
side-by-side: semesta.sponsorship.services -> semesta.workers.models
side-by-side: semesta.sponsorship.statement -> semesta.collaboration.benefits
side-by-side: semesta.sponsorship.views -> semesta.collaboration.benefits
side-by-side: semesta.sponsorship.views -> semesta.coverage.targets
side-by-side: semesta.workers.management.commands.rosters -> semesta.coverage.models
side-by-side: semesta.workers.matching -> semesta.coverage.models
side-by-side: semesta.workers.matching -> semesta.sponsorship.services
side-by-side: semesta.workers.views -> semesta.coverage.lookup
side-by-side: semesta.workers.views -> semesta.coverage.targets
side-by-side: semesta.workers.views -> semesta.sponsorship.models
"""


def ignored_edges() -> set[str]:
    config = configparser.ConfigParser()
    config.read(CONFIG)
    edges = set()
    for section in config.sections():
        if section.startswith("importlinter:contract:"):
            contract = section.rsplit(":", 1)[1]
            for line in config.get(section, "ignore_imports", fallback="").splitlines():
                if line.strip() and not line.strip().startswith("#"):
                    edges.add(f"{contract}: {line.strip()}")
    return edges


def lint_imports(src: Path, config: Path = CONFIG) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(config)],
        env=env,
        capture_output=True,
        text=True,
        cwd=src.parent,
    )


def test_the_contracts_hold():
    done = lint_imports(ROOT / "src")
    assert done.returncode == 0, done.stdout[-4000:]


def test_the_known_debt_only_shrinks():
    known = {line.strip() for line in KNOWN_DEBT.splitlines() if line.strip()}
    assert sorted(ignored_edges() - known) == []


def test_contributing_lists_exactly_the_known_debt():
    text = (ROOT / "CONTRIBUTING.md").read_text()
    section = text.split("## Known layer debt", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`(semesta[\w.]+ -> semesta[\w.]+)`", section))
    assert listed == {edge.split(": ", 1)[1] for edge in ignored_edges()}


def test_make_lint_runs_the_contracts():
    dry_run = subprocess.run(["make", "-n", "lint"], cwd=ROOT, capture_output=True, text=True)
    assert "lint-imports" in dry_run.stdout


@pytest.fixture(scope="module")
def copy_of_src(tmp_path_factory):
    """The package's Python files, to add an import to without touching the real tree."""
    src = tmp_path_factory.mktemp("layers") / "src"
    shutil.copytree(ROOT / "src" / "semesta", src / "semesta", ignore=_not_python)
    return src


def _not_python(folder, names):
    return [n for n in names if not n.endswith(".py") and not (Path(folder) / n).is_dir()]


UPWARD = {
    "the core imports a domain app": ("regions/services.py", "import semesta.coverage.models"),
    "the core imports an interface": ("access.py", "import semesta.api.urls"),
    "a domain app imports the API": ("legal/models.py", "import semesta.api.urls"),
    "accounts import a domain app": ("accounts/models.py", "import semesta.sponsorship.models"),
    "the engine imports Django": ("engine/store.py", "import django.db"),
    "the engine imports the regions": ("engine/outlook.py", "import semesta.regions.models"),
    "a domain app imports another anew": ("legal/models.py", "import semesta.awards.models"),
}


@pytest.mark.parametrize("module, line", UPWARD.values(), ids=UPWARD.keys())
def test_an_upward_import_breaks_the_lint(copy_of_src, module, line):
    path = copy_of_src / "semesta" / module
    original = path.read_text()
    path.write_text(f"{original}\n{line}  # noqa\n")
    try:
        done = lint_imports(copy_of_src)
    finally:
        path.write_text(original)
    assert done.returncode != 0
    assert "BROKEN" in done.stdout
