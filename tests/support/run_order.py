"""The order in which a parallel run hands out its modules.

pytest-xdist's ``--dist loadscope`` gives each test process one whole module at
a time, in collection order (``--no-loadscope-reorder``; by default it would put
the modules with the most tests first, and those are the quick ones). A run
that starts its longest module last ends that much later, so the longest start
first.
"""

#: Measured on two cores (``--durations``, seconds per module in a full run at
#: ``-n 6``), longest first; the modules of 8 s or more. A module missing here
#: runs after these, in collection order.
LONGEST_FIRST = (
    "tests/real_broker/test_rabbitmq.py",  # 79
    "tests/monitor_workers/test_facts.py",  # 49
    "tests/browser/test_every_page.py",  # 44
    "tests/test_paste.py",  # 44
    "tests/acks_late/test_facts.py",  # 40
    "tests/dedicated_queues/test_facts.py",  # 36
    "tests/time_limits/test_pools.py",  # 33
    "tests/short_countdowns/test_long_countdown.py",  # 26
    "tests/bound_memory_and_prefetch/test_tasks.py",  # 26
    "tests/real_worker_tests/test_facts.py",  # 26
    "tests/bound_memory_and_prefetch/test_unbounded.py",  # 20
    "tests/short_countdowns/test_tasks.py",  # 19
    "tests/monitor_workers/test_count_events.py",  # 17
    "tests/browser/test_pages.py",  # 17
    "tests/browser/test_checklist_notes.py",  # 16
    "tests/never_wait_inside_a_task/test_facts.py",  # 15
    "tests/acks_late/test_tasks.py",  # 15
    "tests/browser/test_checklist_export.py",  # 15
    "tests/graceful_shutdown/test_tasks.py",  # 15
    "tests/real_broker/test_redis_conf.py",  # 12
    "tests/monitor_workers/test_flower.py",  # 11
    "tests/browser/test_checklist_bad_input.py",  # 11
    "tests/acks_late/test_acks_early.py",  # 11
    "tests/limit_and_lock/test_tasks.py",  # 11
    "tests/time_limits/test_facts.py",  # 10
    "tests/browser/test_item_page_review.py",  # 10
    "tests/browser/test_checklist_ticks.py",  # 10
    "tests/real_option_names/test_tasks.py",  # 10
    "tests/exponential_backoff/test_tasks.py",  # 8
    "tests/browser/test_checklist_filters.py",  # 8
    "tests/browser/test_checklist_reviews.py",  # 8
    "tests/eager_mode/test_tasks.py",  # 8
)


def longest_first(items: list) -> None:
    """Sort ``items`` (pytest's collected tests) in place, keeping the order of
    tests within a module and of the modules not listed."""
    rank = {path: n for n, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))
