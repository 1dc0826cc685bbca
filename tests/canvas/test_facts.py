"""What the canvas page says about messages, serialization and eager mode."""

import ast
import inspect
import sys
import time
from pathlib import Path

import pytest
import redis
from celery import chain, chord, group
from celery.bin.worker import worker as worker_command
from kombu.exceptions import EncodeError

from tests.support.apps import configured
from tests.support.processes import logged_process, readers_environment
from tests.support.snippets import folder_of, snippet

_tasks = snippet("canvas", "tasks")
app, add, tsum, xsum = _tasks.app, _tasks.add, _tasks.tsum, _tasks.xsum
workflows = snippet("canvas", "workflows")


@pytest.fixture
def broker(clean_redis):
    """The app on a Redis no worker listens to: what is sent stays there."""
    with configured(app, broker_url=clean_redis, result_backend=clean_redis):
        yield redis.Redis.from_url(clean_redis)


@pytest.mark.worker
def test_a_group_sends_one_message_per_task(broker):
    group(add.s(2, 2), add.s(4, 4), add.s(8, 8)).apply_async()
    assert broker.llen("celery") == 3


@pytest.mark.worker
def test_map_and_starmap_send_one_message(broker):
    xsum.map([list(range(10)), list(range(100))]).delay()
    add.starmap(zip(range(10), range(10), strict=True)).delay()
    assert broker.llen("celery") == 2


@pytest.mark.worker
def test_chunks_send_one_message_per_batch(broker):
    add.chunks(zip(range(100), range(100), strict=True), 10)()
    assert broker.llen("celery") == 10


def test_starmap_and_chunks_keep_a_zip_in_a_list_that_reads_it_when_first_used():
    for make in (add.starmap, lambda pairs: add.chunks(pairs, 2)):
        pairs = zip(range(3), range(3), strict=True)
        it = make(pairs).kwargs["it"]
        assert isinstance(it, list)  # what JSON sends: a list
        assert next(pairs) == (0, 0)  # not read yet: taken from the zip here
        assert list(it) == [(1, 1), (2, 2)]  # read on first use, once
        assert list(it) == [(1, 1), (2, 2)]


def test_a_range_cannot_be_sent_as_json():
    with (
        configured(app, broker_url="memory://", result_backend="cache+memory://"),
        pytest.raises(EncodeError, match="range"),
    ):
        xsum.map([range(10)]).delay()


def test_a_chord_needs_a_result_backend():
    with (
        configured(app, broker_url="memory://", result_backend=None),
        pytest.raises(NotImplementedError, match="requires a result backend"),
    ):
        chord([add.s(1, 1)])(tsum.s())


def test_eagerly_a_chord_runs_without_any_backend(eager):
    eager(app, result_backend=None)
    assert chord([add.s(i, i) for i in range(100)])(tsum.s()).get() == 9900


def test_eagerly_a_callbacks_result_is_not_a_child(eager):
    eager(app)
    result = add.apply_async((1, 2), link=add.s(3))
    assert result.get() == 3
    assert result.children is None


def test_eagerly_a_chain_group_or_chunks_passes_a_range_unserialized(eager):
    eager(app)
    assert chain(xsum.s(range(10))).delay().get() == 45
    assert group(xsum.s(range(10))).delay().get() == [45]
    with pytest.raises(EncodeError):  # map's own task is sent with .delay()
        xsum.map([range(10)]).delay()
    with pytest.raises(EncodeError):
        xsum.starmap([(range(10),)]).delay()
    assert xsum.chunks([(range(10),)], 1)().get() == [[45]]  # a group: not sent


def test_a_chord_on_the_rpc_backend_is_refused():
    with (
        configured(app, broker_url="memory://", result_backend="rpc://"),
        pytest.raises(NotImplementedError, match="does not support chords"),
    ):
        chord([add.s(1, 1)])(tsum.s())


@pytest.mark.worker
def test_collect_on_its_own_waits_for_nothing(broker):
    result = add.apply_async((1, 2), link=add.s(3))
    # No worker reads this Redis: nothing will ever finish, so a collect() that
    # waited would never return (the test's timeout would fail it).
    walk = result.collect()
    assert inspect.isgenerator(walk)  # it waits only as it is iterated
    assert not result.ready()


def test_the_page_never_discards_what_collect_returns():
    # A bare `result.collect()` statement reads like a wait and is none.
    tree = ast.parse(Path(folder_of(workflows) / "workflows.py").read_text())
    bare = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Attribute)
        and node.value.func.attr == "collect"
    ]
    assert bare == []


def test_a_worker_logs_errors_at_its_default_level():
    (loglevel,) = [p for p in worker_command.params if p.name == "loglevel"]
    assert loglevel.default == "WARNING"  # an ERROR line is shown


@pytest.mark.worker
def test_the_errbacks_line_is_in_the_log_of_a_worker_without_loglevel(
    clean_redis, tmp_path
):
    # `celery -A tasks worker` as the page gives it: no -l, so no "ready." line
    # (INFO) to wait for; the errback's ERROR line is there all the same.
    log = tmp_path / "worker.log"
    command = [sys.executable, "-m", "celery", "-A", "tasks", "-b", clean_redis]
    command += ["--result-backend", clean_redis, "worker", "-c", "1"]
    env = readers_environment(PYTHONPATH=str(folder_of(_tasks)))
    with logged_process(command, tmp_path, log, env) as process:
        with configured(app, broker_url=clean_redis, result_backend=clean_redis):
            header = [add.s(1, 1), add.s(1, "one")]
            result = chord(header)(tsum.s().on_error(_tasks.log_error.s()))
            deadline = time.monotonic() + 60
            line = f"Task {result.id} failed: ChordError("

            def logged():
                text = log.read_text(errors="replace").splitlines()
                return [x for x in text if line in x and ": ERROR/" in x]

            while not logged():
                assert process.poll() is None, log.read_text(errors="replace")
                assert time.monotonic() < deadline, log.read_text(errors="replace")
                time.sleep(0.1)
        assert " ready." not in log.read_text(errors="replace")  # INFO is off
