"""Prefetch on a reports worker: what a busy worker holds back from an idle one."""

import logging
import re
import shlex
import time
import warnings
from pathlib import Path

import celery
import pytest

from tests.support.apps import configured
from tests.support.snippets import snippet

tasks = snippet("dedicated_queues")

LONG = 10**10  # rounds of sha256: hours, far longer than the test runs
CELERY = tuple(int(part) for part in celery.__version__.split(".")[:2])
PAGE = Path(__file__).parents[2] / "docs/workflows-and-routing/dedicated-queues.md"


def page_command(queue):
    """The arguments after ``celery -A tasks worker`` in the page's command for
    the workers of ``queue``."""
    for block in re.findall(r"```sh\n(.*?)```", PAGE.read_text(), re.DOTALL):
        for line in block.strip().splitlines():
            args = shlex.split(line)
            if (
                args[:4] == ["celery", "-A", "tasks", "worker"]
                and "-Q" in args
                and (args[args.index("-Q") + 1] == queue)
            ):
                return args[4:]
    raise AssertionError(f"no worker command for {queue!r} on the page")


def option(args, name, default):
    return int(args[args.index(name) + 1]) if name in args else default


def held(worker):
    """(running, reserved) task counts of ``worker``, from its own answer."""
    name = worker.node_name
    # Its answer alone: without a limit, inspect waits out its whole timeout.
    inspect = tasks.app.control.inspect(timeout=5, destination=[name], limit=1)
    answers = inspect.active() or {}, inspect.reserved() or {}
    return tuple(len(answer.get(name, [])) for answer in answers)


def settled(worker, expected, timeout=30):
    """What ``worker`` holds once it holds ``expected`` (or the deadline
    passed), and 2 s later: it does not go on fetching."""
    deadline = time.monotonic() + timeout
    while held(worker) != expected and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(2)
    return held(worker)


@pytest.fixture
def reports(clean_redis, celery_worker_process):
    """``reports(*extra_args, busy=1, waiting=6, **settings)``: a reports worker
    with ``waiting`` long reports sent for it (by its first start), once
    ``busy`` of them run (one pool process unless ``extra_args`` say
    otherwise)."""
    with configured(tasks.app, broker_url=clean_redis, result_backend=clean_redis):
        started = []

        def start(*extra_args, busy=1, waiting=6, **settings):
            if not started:
                for account in range(waiting):
                    tasks.render_report.delay(account, LONG)
            worker = celery_worker_process(
                tasks,
                queues=None if "-Q" in extra_args else ["reports"],
                extra_args=list(extra_args),
                settings=settings,
            )
            started.append(worker)
            # Busy with a report for hours: paused, so that it burns no CPU.
            deadline = time.monotonic() + 30
            while held(worker)[0] != busy:
                assert time.monotonic() < deadline, worker.output()
                time.sleep(0.2)
            worker.pause_pool()
            return worker

        yield start
        for worker in started:
            worker.kill()  # no need to wait for the long reports


@pytest.mark.worker
def test_by_default_a_busy_worker_holds_four_more_that_an_idle_one_cannot_take(
    reports,
):
    busy = reports()
    assert settled(busy, (1, 4)) == (1, 4)
    idle = reports()
    assert settled(idle, (1, 0)) == (1, 0)  # only the sixth report was left for it
    assert held(busy) == (1, 4)


@pytest.mark.worker
def test_by_default_it_holds_four_more_per_pool_process(reports):
    busy = reports("--concurrency", "2", busy=2, waiting=12)
    assert settled(busy, (2, 8)) == (2, 8)


@pytest.mark.worker
def test_with_prefetch_multiplier_1_it_holds_one_more(reports):
    busy = reports("--prefetch-multiplier", "1")
    assert settled(busy, (1, 1)) == (1, 1)


@pytest.mark.worker
def test_with_acks_late_as_well_it_holds_none(reports):
    busy = reports("--prefetch-multiplier", "1", task_acks_late=True)
    assert settled(busy, (1, 0)) == (1, 0)


@pytest.mark.worker
def test_the_pages_reports_worker_holds_one_more_per_pool_process(reports):
    args = page_command("reports")
    processes = option(args, "--concurrency", None)
    assert processes, "the page's reports worker says how many processes it runs"
    busy = reports(*args, busy=processes)
    assert settled(busy, (processes, processes)) == (processes, processes)


def test_the_snippets_comment_gives_the_pages_commands():
    source = Path(tasks.__file__).read_text()
    for queue in ("reports", "celery"):
        command = shlex.join(["celery", "-A", "tasks", "worker", *page_command(queue)])
        assert f"#   {command}\n" in source


@pytest.mark.worker
@pytest.mark.skipif(CELERY < (5, 6), reason="worker_disable_prefetch is new in 5.6")
def test_on_redis_disable_prefetch_holds_none_without_acks_late(reports):
    busy = reports(worker_disable_prefetch=True)
    assert settled(busy, (1, 0)) == (1, 0)


one_queue = snippet("dedicated_queues", "one_queue")


def test_a_tasks_default_name_is_its_module_and_function():
    assert one_queue.render_report.name == "one_queue.render_report"


def test_a_route_that_matches_no_task_passes_without_a_word(caplog):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        caplog.set_level(logging.INFO)
        route = one_queue.app.amqp.router.route({}, one_queue.render_report.name)
    assert route["queue"].name == "celery"
    assert caught == []
    assert [r for r in caplog.records if r.levelno >= logging.INFO] == []


def test_eagerly_a_report_runs_in_the_caller_whatever_its_queue(eager):
    eager(tasks.app)
    report = tasks.render_report.apply_async((42, 10), queue="reports")
    assert report.ready()
    assert len(report.get()) == 64
