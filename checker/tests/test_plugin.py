"""The pytest plugin: inert until the ini names an app; then the app check is
a test, and every task a test sends is checked as it is published."""

import shutil
import sys
from pathlib import Path

import celery_tasks_checklist as ctc
import pytest

QUIET = ["-p", "no:django", "-p", "no:randomly", "-p", "no:cacheprovider", "-q"]

SHOP = """
from celery import Celery

app = Celery("shop", broker="memory://", set_as_current=False)
app.conf.task_annotations = {ANNOTATIONS}


@app.task(shared=False, name="shop.charge", bind=True, max_retries=3)
def charge(self, order_id):
    return order_id
"""
CALLS = """
from shop import app

charge = app.tasks["shop.charge"]


def test_sends_documented_options():
    charge.apply_async((1,), argsrepr="(1,)", kwargsrepr="{}", queue="pay", countdown=5)


def test_a_retry_celery_publishes():
    charge.push_request(id="a", retries=0, origin="gen1@host", args=(1,), kwargs={},
                        called_directly=False, delivery_info={"routing_key": "celery"})
    try:
        charge.retry(exc=OSError("bank down"), countdown=1, throw=False)
    finally:
        charge.pop_request()


def test_sends_task_options():
    charge.apply_async((1,), bind=True, retry_backoff=10)
"""


@pytest.fixture
def shop(pytester):
    def make(annotations="None", ini=None):
        pytester.makepyfile(shop=SHOP.replace("{ANNOTATIONS}", annotations))
        pytester.makepyfile(test_shop_calls=CALLS)
        if ini is not None:
            pytester.makeini("[pytest]\n" + ini)
        return pytester

    return make


def test_inert_until_the_ini_names_an_app(shop):
    result = shop().runpytest(*QUIET)
    result.assert_outcomes(passed=3)  # no check item, nothing checked


def test_the_app_check_is_a_test_and_calls_are_checked(shop):
    ini = "celery_checklist_app = shop:app\n"
    result = shop('{"shop.charge": {"retries": 2}}', ini).runpytest(*QUIET)
    # The check fails, two tests pass, the one that sent task options errors.
    result.assert_outcomes(passed=3, failed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_sends_task_options*",
            "the tasks this test sent:",
            "CTC105 real-option-names: shop.charge was sent with 'bind'*",
            "*celery-checklist -A shop:app*",
            "shop.py:*: CTC102 real-option-names: task_annotations?'shop.charge'?: "
            "'retries'*",
            "FAILED *celery_checklist*",
        ]
    )
    assert "'origin'" not in result.stdout.str()  # OLD: FP-5
    assert "'argsrepr'" not in result.stdout.str()  # OLD: FP-4


def test_silenced_in_the_ini(shop):
    ini = (
        "celery_checklist_app = shop:app\n"
        "celery_checklist_silenced = CTC105 real-option-names\n"
    )
    result = shop('{"shop.charge": {"retries": 2}}', ini).runpytest(*QUIET)
    result.assert_outcomes(passed=4)


def test_an_app_that_does_not_load_fails_the_check_with_one_line(shop):
    result = shop(ini="celery_checklist_app = nowhere:app\n").runpytest(*QUIET)
    # The calls are still checked: only the countdown rule needs the app.
    result.assert_outcomes(passed=3, failed=1, errors=1)
    result.stdout.fnmatch_lines(
        ["*cannot load the app 'nowhere:app': ModuleNotFoundError*"]
    )


def test_the_pasted_file_alone_is_the_plugin(shop, monkeypatch):
    """No installation: the file beside the tests, loaded with -p (and no
    plugin loaded from an entry point, this one's included)."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    ini = "celery_checklist_app = shop:app\n"
    pytester = shop('{"shop.charge": {"retries": 2}}', ini)
    shutil.copy(Path(ctc.__file__), pytester.path / "celery_tasks_checklist.py")
    pytester.makeconftest(
        "import celery_tasks_checklist\n\n"
        "def pytest_report_header():\n"
        "    return 'checker: ' + celery_tasks_checklist.__file__\n"
    )
    result = pytester.runpytest_subprocess(
        "-p", "celery_tasks_checklist", "-p", "no:cacheprovider", "-v"
    )
    pasted = pytester.path / "celery_tasks_checklist.py"
    result.stdout.fnmatch_lines([f"checker: {pasted}"])
    result.assert_outcomes(passed=3, failed=1, errors=1)


def test_the_entry_point_names_the_module():
    from importlib.metadata import entry_points

    (plugin,) = [e for e in entry_points(group="pytest11") if e.name == ctc.__name__]
    assert plugin.value == "celery_tasks_checklist"
    (command,) = [
        e for e in entry_points(group="console_scripts") if e.name == "celery-checklist"
    ]
    assert command.value == "celery_tasks_checklist:main"
    assert sys.modules[plugin.value] is ctc


def test_configured_in_pyproject_toml_as_the_page_shows(pytester):
    pytester.makepyfile(shop=SHOP.replace("{ANNOTATIONS}", '{"*": {"retries": 2}}'))
    pytester.makepyprojecttoml(
        '[tool.pytest.ini_options]\ncelery_checklist_app = "shop:app"\n'
    )
    pytester.runpytest(*QUIET).assert_outcomes(failed=1)
    pytester.makepyprojecttoml(
        "[tool.pytest.ini_options]\n"
        'celery_checklist_app = "shop:app"\n'
        'celery_checklist_silenced = ["CTC102"]\n'
    )
    pytester.runpytest(*QUIET).assert_outcomes(passed=1)


def test_an_unknown_silenced_id_fails_the_check_naming_it(pytester):
    # review B1: a typo in the ini would otherwise silence nothing, silently
    pytester.makepyfile(shop=SHOP.replace("{ANNOTATIONS}", "None"))
    pytester.makeini(
        "[pytest]\ncelery_checklist_app = shop:app\n"
        "celery_checklist_silenced = CTC601,CTC6O1\n"
    )
    result = pytester.runpytest(*QUIET)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*unknown rule or item id 'CTC6O1'*"])
