"""The order in which a parallel run hands out its modules.

pytest-xdist's ``--dist loadscope`` gives each test process one whole module at
a time, in collection order (``--no-loadscope-reorder``; by default it would put
the modules with the most tests first, and those are the quick ones). A run
that starts its longest module last ends that much later, so the longest start
first.
"""

#: Measured on two cores with ``--durations``, longest first. A module missing
#: here runs after these, in collection order.
LONGEST_FIRST = (
    "tests/real_broker/test_rabbitmq.py",
    "tests/test_paste.py",
    "tests/browser/test_every_page.py",
    "tests/monitor_workers/test_facts.py",
    "tests/time_limits/test_pools.py",
    "tests/never_wait_inside_a_task/test_facts.py",
    "tests/acks_late/test_facts.py",
    "tests/browser/test_pages.py",
    "tests/browser/test_checklist_bad_input.py",
    "tests/dedicated_queues/test_facts.py",
    "tests/real_worker_tests/test_facts.py",
    "tests/short_countdowns/test_long_countdown.py",
    "tests/browser/test_phone.py",
    "tests/bound_memory_and_prefetch/test_tasks.py",
)


def longest_first(items: list) -> None:
    """Sort ``items`` (pytest's collected tests) in place, keeping the order of
    tests within a module and of the modules not listed."""
    rank = {path: n for n, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))
