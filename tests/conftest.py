from contextlib import ExitStack

import pytest

from tests.support.apps import EAGER, configured
from tests.support.workers import inprocess_worker as _inprocess_worker


@pytest.fixture
def eager():
    """``eager(app, **settings)``: run ``app``'s tasks in the caller for this test.

    Eager mode still serializes arguments (a non-JSON argument raises
    ``EncodeError``) but ignores countdowns, time limits, queues and acks.
    """
    with ExitStack() as stack:
        yield lambda app, **settings: stack.enter_context(
            configured(app, **{**EAGER, **settings})
        )


@pytest.fixture
def inprocess_worker():
    """``inprocess_worker(app, **settings)``: a real worker thread for this test."""
    with ExitStack() as stack:
        yield lambda app, **settings: stack.enter_context(
            _inprocess_worker(app, **settings)
        )
