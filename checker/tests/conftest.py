"""The checker's tests: small apps made for each rule, realistic apps modelled
on how open-source projects configure Celery, the command and the plugin.

No broker is contacted: a broker URL only names the transport."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


def pytest_collection_modifyitems(items):
    """Apps made here get every shared task the process imported (the site's
    snippets, in the full suite), and Celery warns of each name clash."""
    here = Path(__file__).parent
    clash = "ignore:Task name '.*' is already registered"
    # Celery 5.7 warns that queue=, routing_key= ... at the decorator will
    # stop working in 6.0: they work today, as the tests show.
    routing = r"ignore:\s*The '.*' task attribute is deprecated"
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.filterwarnings(clash))
            item.add_marker(pytest.mark.filterwarnings(routing))


pytest_plugins = ["pytester"]
