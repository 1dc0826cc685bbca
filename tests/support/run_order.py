"""The order in which a parallel run hands out its modules, and which go together.

pytest-xdist's ``--dist loadscope`` gives each test process one whole module at
a time, in collection order (``--no-loadscope-reorder``; by default it would put
the modules with the most tests first, and those are the quick ones). A run
that starts its longest module last ends that much later, so the longest start
first.

The modules that start a RabbitMQ server go to two test processes, not to
whichever are free: each test process that runs one starts a server of its own
(about 10 CPU seconds), and in a run that spreads them over eight processes
the servers took more CPU time than the tests that use them. One server
cannot serve all processes: a test changes its consumer_timeout, and on
RabbitMQ 3.10 that setting is the whole server's. The modules that use the
Django test database go to one test process for the same reason: each
process that runs one starts PostgreSQL, creates and migrates the test
database and starts the project's workers.
"""

from xdist.scheduler import LoadScopeScheduling

#: Measured on two cores (``--durations=0``, seconds per module in a full run
#: at ``-n 8`` on a busy machine), longest first; the modules of 15 s or more.
#: A module missing here runs after these, in collection order.
LONGEST_FIRST = (
    "tests/real_broker/test_rabbitmq.py",  # 222
    # Together in one test process (RABBITMQ_TOGETHER), about 150 s:
    "tests/expire_work/test_rabbitmq.py",  # 41
    "tests/quorum_queues/test_delivery_limit.py",  # 31 alone, with RabbitMQ start
    "tests/short_countdowns/test_rabbitmq.py",  # 19
    # Together in one test process (DJANGO_TOGETHER), about 160 s:
    "tests/atomic_tasks/test_writes_in_steps.py",  # 39
    "tests/real_broker/test_redis_conf.py",  # 192
    "tests/browser/test_every_page.py",  # 166
    "tests/test_paste.py",  # 110
    "tests/graceful_shutdown/test_tasks.py",  # 94
    "tests/limit_and_lock/test_tasks.py",  # 88
    "tests/real_worker_tests/test_conftest.py",  # 85
    "tests/monitor_workers/test_facts.py",  # 73
    "tests/acks_late/test_tasks.py",  # 73
    "tests/bound_memory_and_prefetch/test_tasks.py",  # 53
    "tests/monitor_workers/test_flower.py",  # 50
    "tests/monitor_workers/test_count_events.py",  # 48
    "tests/dedicated_queues/test_facts.py",  # 47
    "tests/browser/test_checklist_notes.py",  # 43
    "tests/time_limits/test_pools.py",  # 41
    "tests/short_countdowns/test_long_countdown.py",  # 41
    "tests/graceful_shutdown/test_facts.py",  # 38
    "tests/browser/test_pages.py",  # 38
    "tests/browser/test_checklist_bad_input.py",  # 37
    "tests/acks_late/test_facts.py",  # 37
    "tests/short_countdowns/test_eta_limit.py",  # 35
    "tests/browser/test_checklist_export.py",  # 35
    "tests/exponential_backoff/test_tasks.py",  # 33
    "tests/bound_memory_and_prefetch/test_unbounded.py",  # 31
    "tests/real_option_names/test_site_apps.py",  # 27
    "tests/never_wait_inside_a_task/test_forced_wait.py",  # 27
    "tests/never_wait_inside_a_task/test_facts.py",  # 27
    "tests/test_site.py",  # 26
    "tests/eager_mode/test_tasks.py",  # 26
    "tests/test_ecosystem.py",  # 23
    "tests/short_countdowns/test_tasks.py",  # 23
    "tests/five_minutes/test_tasks.py",  # 23
    "tests/enqueue_after_commit/test_tasks.py",  # 23
    "tests/test_zensical.py",  # 22
    "tests/eager_mode/test_test_reports.py",  # 22
    "tests/browser/test_checklist_ticks.py",  # 22
    "tests/time_limits/test_facts.py",  # 21
    "tests/real_broker/test_connection_loss.py",  # 19
    "tests/retry_transient_errors/test_tasks.py",  # 19
    "tests/browser/test_phone.py",  # 19
    "tests/browser/test_copy_button.py",  # 19
    "tests/acks_late/test_acks_early.py",  # 19
    "tests/enqueue_after_commit/test_models.py",  # 18
    "tests/browser/test_checklist_colours.py",  # 18
    "tests/notify_on_failure/test_tasks.py",  # 17
    "tests/acks_late/test_acks_on_timeout.py",  # 17
    "tests/atomic_tasks/test_facts.py",  # 17
    "tests/pass_ids_not_objects/test_tasks_with_objects.py",  # 16
    "tests/expire_work/test_tasks.py",  # 16
    "tests/real_worker_tests/test_test_error_rate.py",  # 15
    "tests/real_worker_tests/test_facts.py",  # 15
    "tests/json_not_pickle/test_facts.py",  # 15
    "tests/enqueue_after_commit/test_facts.py",  # 15
)


def longest_first(items: list) -> None:
    """Sort ``items`` (pytest's collected tests) in place, keeping the order of
    tests within a module and of the modules not listed."""
    rank = {path: n for n, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))


#: The modules that use RabbitMQ, beside the longest of them: run by one test
#: process, one after the other (a module missing here starts a third server,
#: and tests/test_run_order.py says so).
RABBITMQ_TOGETHER = (
    "tests/expire_work/test_rabbitmq.py",
    "tests/quorum_queues/test_delivery_limit.py",
    "tests/short_countdowns/test_rabbitmq.py",
    "tests/quorum_queues/test_direct_exchange.py",
    "tests/quorum_queues/test_facts.py",
    "tests/quorum_queues/test_tasks.py",
    "tests/real_broker/test_acks_on_failure_dlx.py",
)
RABBITMQ_ALONE = "tests/real_broker/test_rabbitmq.py"

#: The modules that use the Django test database (on PostgreSQL), run by one
#: test process, one after the other.
DJANGO_TOGETHER = (
    "tests/atomic_tasks/test_tasks.py",
    "tests/atomic_tasks/test_writes_in_steps.py",
    "tests/enqueue_after_commit/test_celery.py",
    "tests/enqueue_after_commit/test_delay_in_transaction.py",
    "tests/enqueue_after_commit/test_facts.py",
    "tests/enqueue_after_commit/test_tasks.py",
    "tests/idempotent_tasks/test_adds_again.py",
    "tests/idempotent_tasks/test_tasks.py",
    "tests/idempotent_tasks/test_transaction.py",
    "tests/pass_ids_not_objects/test_facts.py",
    "tests/pass_ids_not_objects/test_tasks.py",
    "tests/pass_ids_not_objects/test_tasks_with_objects.py",
)
TOGETHER = {"RABBITMQ_TOGETHER": RABBITMQ_TOGETHER, "DJANGO_TOGETHER": DJANGO_TOGETHER}
_UNIT = {module: unit for unit, modules in TOGETHER.items() for module in modules}


class ModulesTogether(LoadScopeScheduling):
    """``--dist loadscope``, with each group in TOGETHER as one unit of work."""

    def _split_scope(self, nodeid: str) -> str:
        module = nodeid.split("::", 1)[0]
        return _UNIT.get(module) or super()._split_scope(nodeid)
