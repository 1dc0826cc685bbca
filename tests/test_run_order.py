"""The list of the longest modules, which a parallel run starts first."""

from pathlib import Path

from tests.support.run_order import LONGEST_FIRST

ROOT = Path(__file__).resolve().parents[1]


def test_it_names_modules_that_exist_once_each():
    assert [path for path in LONGEST_FIRST if not (ROOT / path).is_file()] == []
    assert len(set(LONGEST_FIRST)) == len(LONGEST_FIRST)
