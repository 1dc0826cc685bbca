"""Options Celery does not know: accepted without a word, and they do nothing."""

import re
import sys
from pathlib import Path

import celery
import celery_tasks_checklist as check
import pytest
from celery import Celery

from tests.real_option_names.conftest import FAST_INVERTED_LIMITS, ROWS
from tests.support.apps import IN_MEMORY, configured
from tests.support.fake_api import fake_api
from tests.support.processes import run_as_reader
from tests.support.snippets import snippet

mistakes = snippet("real_option_names", "mistakes")
tasks = snippet("real_option_names")
# New apps here get the shared tasks of every snippet this process imported,
# several of them named tasks.<function>: Celery 5.7 warns of each clash.
pytestmark = pytest.mark.filterwarnings("ignore:Task name '.*' is already registered")
SEE = "(see https://celerytaskschecklist.com/"
CELERY = tuple(int(part) for part in celery.__version__.split(".")[:2])


@pytest.mark.worker
def test_retries_3_never_retries(inprocess_worker):
    inprocess_worker(mistakes.app)
    with fake_api(failures=2) as api:
        result = mistakes.fetch_figures.delay(api.url)
        with pytest.raises(OSError):  # noqa: PT011  urllib's HTTPError, 503
            result.get(timeout=30)
    assert len(api.request_times) == 1  # the first error is final
    assert mistakes.fetch_figures.retries == 3  # kept, and read by nothing


def test_a_soft_limit_above_the_hard_one_fails_every_call():
    with pytest.raises(ValueError, match="soft_time_limit must be less than"):
        mistakes.summarise.delay(1000)


def test_only_delay_and_apply_async_refuse_the_inverted_limits(published):
    """The check is in Task.apply_async: other ways to run the task pass it."""
    assert mistakes.summarise(10)["complete"] is True  # a direct call
    assert mistakes.summarise.apply((10,)).get()["complete"] is True  # in-process
    with configured(mistakes.app, **IN_MEMORY):
        mistakes.app.send_task(mistakes.summarise.name, (10,))  # by name
        with pytest.raises(ValueError, match="soft_time_limit must be less than"):
            mistakes.summarise.apply_async((10,))
    assert [m["task_name"] for m in published] == [mistakes.summarise.name]


@pytest.mark.worker
def test_given_at_call_time_the_hard_limit_waits_for_the_soft_one(real_worker):
    worker = real_worker(tasks.app, tasks)
    tasks.summarise.apply_async((ROWS,), **FAST_INVERTED_LIMITS)
    worker.wait_for_log("Hard time limit (1s) exceeded")
    log = worker.output()
    # Not killed at 1 s: the hard limit is armed when the soft one fires.
    assert log.index("Soft time limit (1.25s) exceeded") < log.index(
        "Hard time limit (1s) exceeded"
    )


def test_task_options_given_to_a_call_set_nothing(published):
    with configured(mistakes.app, **IN_MEMORY):
        mistakes.request_figures("http://127.0.0.1:9/figures")
    (message,) = published
    # Not in the headers a worker reads: two stray message properties.
    assert {"bind", "retry_backoff"}.isdisjoint(message["headers"])
    assert message["properties"]["bind"] is True
    assert message["properties"]["retry_backoff"] == 10
    assert not hasattr(mistakes.fetch_figures, "retry_backoff")  # still none
    assert [str(f).split(SEE)[0] for f in check.call_findings(**message)] == [
        "real-option-names: mistakes.fetch_figures was sent with 'bind', not an "
        "option of apply_async ",
        "real-option-names: mistakes.fetch_figures was sent with 'retry_backoff', "
        "not an option of apply_async ",
    ]


def test_the_check_names_each_mistake_and_its_page():
    assert [str(f) for f in check.check_app(mistakes.app)] == [
        "real-option-names: mistakes.fetch_figures: 'retries' is not a Celery task "
        "option, so Celery ignores it: did you mean 'max_retries'? "
        f"{SEE}time-and-deploys/real-option-names/)",
        "time-limits: mistakes.summarise: soft time limit 150 s is not below the "
        f"hard limit 120 s: the soft limit must fire first {SEE}"
        "handling-failure/time-limits/)",
    ]


def test_the_publish_check_sees_a_soft_limit_above_the_hard_one(published):
    with configured(tasks.app, **IN_MEMORY):
        tasks.summarise.apply_async((1000,), **FAST_INVERTED_LIMITS)
    (message,) = published
    (found,) = check.call_findings(**message)
    assert (found.rule, found.item) == ("CTC201", "time-limits")
    assert str(found).startswith("time-limits: tasks.summarise was sent with soft time")


def test_the_page_shows_what_the_command_prints():
    """`celery-checklist -A mistakes:app` in the snippet's folder, as a reader
    runs it in theirs: the page's lines, and exit status 1."""
    page = Path("docs/time-and-deploys/real-option-names.md").read_text()
    (shown,) = re.findall(r"```text\n(.*?)```", page, re.S)
    command = Path(sys.executable).with_name("celery-checklist")
    done = run_as_reader(
        [str(command), "-A", "mistakes:app"], Path(mistakes.__file__).parent
    )
    assert (done.returncode, done.stderr) == (1, "")
    assert shown.splitlines() == done.stdout.splitlines()


def test_an_eager_call_is_not_published(eager, published):
    eager(mistakes.app, task_eager_propagates=False)  # the fetch fails: no API
    mistakes.fetch_figures.apply_async(("http://127.0.0.1:9/",), bind=True)
    assert published == []


def test_the_inverted_pair_in_the_settings_fails_every_call_from_celery_5_7():
    app = Celery("reader", broker="memory://", set_as_current=False)
    app.conf.update(task_soft_time_limit=150, task_time_limit=120)

    @app.task(shared=False)
    def summarise(rows):
        return rows

    if CELERY >= (5, 7):
        with pytest.raises(ValueError, match="soft_time_limit must be less than"):
            summarise.delay(1000)
    else:
        summarise.delay(1000)  # accepted: nothing checks the settings
