"""Every canvas result the page prints, checked on a real worker thread."""

import pytest

from tests.support.printed import assert_prints_as_commented, commented_outputs
from tests.support.snippets import snippet

workflows = snippet("canvas", "workflows")

pytestmark = [pytest.mark.worker, pytest.mark.usefixtures("worker")]


@pytest.mark.parametrize(
    "example",
    [
        workflows.signatures,
        workflows.callbacks,
        workflows.chains_groups_chords,
        workflows.map_starmap_chunks,
    ],
    ids=lambda f: f.__name__,
)
def test_prints_what_the_page_says(example, capsys):
    assert_prints_as_commented(example, capsys)


def test_the_page_shows_the_talks_results():
    shown = [
        line
        for f in (
            workflows.callbacks,
            workflows.chains_groups_chords,
            workflows.map_starmap_chunks,
        )
        for line in commented_outputs(f)
    ]
    for result in ("3", "6", "640", "[4, 8]", "9900", "[45, 4950]"):
        assert result in shown
