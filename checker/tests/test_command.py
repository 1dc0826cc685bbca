"""The command: text, JSON and SARIF; exit 1 with findings, 0 without, 2 when
the app does not load or the arguments are wrong."""

import json
import os
import subprocess
import sys
import textwrap

import celery_tasks_checklist as ctc
import pytest

MISTAKE = """
from celery import Celery

app = Celery("shop", broker="redis://localhost:6379/0", set_as_current=False)
app.conf.worker_prefetch_multipler = 1


@app.task(shared=False, retries=3)
def charge(order_id):
    return order_id
"""
CLEAN = """
from celery import Celery

app = Celery("shop", broker="redis://localhost:6379/0", set_as_current=False)


@app.task(shared=False, autoretry_for=(OSError,), max_retries=3)
def charge(order_id):
    return order_id
"""
_number = 0


# A reader's shell: the site's suite sets DJANGO_SETTINGS_MODULE for its own
# Django snippets, and Celery's Django fixup would import that project.
def readers_env():
    return {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}


@pytest.fixture
def project(tmp_path, monkeypatch):
    """``project(source)``: a folder with the app module; returns its name."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))

    def make(source):
        global _number
        _number += 1
        name = f"shop_{_number}"
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(source))
        return name

    return make


def test_text_one_line_per_finding_and_exit_1(project, capsys):
    name = project(MISTAKE)
    assert ctc.main(["-A", f"{name}:app"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{name}.py:5: CTC101 real-option-names: setting worker_prefetch_multipler "
        "is not one "
        "Celery reads, so it does nothing: did you mean worker_prefetch_multiplier? "
        "(see https://celerytaskschecklist.com/time-and-deploys/real-option-names/)",
        f"{name}.py:8: CTC102 real-option-names: {name}.charge: 'retries' is not a "
        "Celery task option, so Celery ignores it: did you mean 'max_retries'? "
        "(see https://celerytaskschecklist.com/time-and-deploys/real-option-names/)",
    ]


def test_a_clean_app_exits_0_silently(project, capsys):
    assert ctc.main(["-A", project(CLEAN)]) == 0  # found as celery -A finds it
    assert capsys.readouterr() == ("", "")


def test_ignore_by_rule_or_item(project, capsys):
    name = project(MISTAKE)
    assert ctc.main(["-A", f"{name}:app", "--ignore", "real-option-names"]) == 0
    assert ctc.main(["-A", f"{name}:app", "--ignore", "CTC101"]) == 1
    assert "CTC101" not in capsys.readouterr().out


def test_json_is_a_list_of_findings(project, capsys):
    name = project(MISTAKE)
    assert ctc.main(["-A", f"{name}:app", "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert [f["rule"] for f in found] == ["CTC101", "CTC102"]
    assert set(found[1]) >= {"item", "rule", "message", "where", "url"}
    assert found[1]["where"] == f"task {name}.charge"


def test_sarif_as_github_code_scanning_reads_it(project, capsys):
    name = project(MISTAKE)
    assert ctc.main(["-A", f"{name}:app", "--format", "sarif"]) == 1
    sarif = json.loads(capsys.readouterr().out)
    assert sarif["version"] == "2.1.0"
    assert sarif["$schema"].endswith("sarif-2.1.0.json")
    (run,) = sarif["runs"]
    driver = run["tool"]["driver"]
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(rules) == set(ctc.RULES)
    assert all(rule["helpUri"].startswith(ctc.SITE) for rule in rules.values())
    assert all(rule["shortDescription"]["text"] for rule in rules.values())
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in {"note", "warning", "error"}
        assert result["message"]["text"]
        (location,) = result["locations"]  # GitHub requires one
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == f"{name}.py"  # repo-relative
        assert physical["region"]["startLine"] >= 1
    lines = [
        r["locations"][0]["physicalLocation"]["region"]["startLine"]
        for r in run["results"]
    ]
    assert lines == [5, 8]  # the line that names the setting; the task's


def test_sarif_places_a_finding_it_cannot_find_at_the_apps_module(project, capsys):
    name = project(CLEAN + '\nsetattr(app.conf, "task_" + "acks_lates", True)\n')
    assert ctc.main(["-A", f"{name}:app", "--format", "sarif"]) == 1
    (result,) = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == f"{name}.py"
    assert physical["region"]["startLine"] == 1


def test_an_app_that_does_not_import_exits_2_with_one_line(project, capsys):
    name = project("import not_installed_anywhere\n")
    assert ctc.main(["-A", f"{name}:app"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"celery-checklist: error: cannot load the app '{name}:app': "
        "ModuleNotFoundError: No module named 'not_installed_anywhere'\n"
    )


@pytest.mark.parametrize(
    "argv",
    [[], ["-A"], ["-A", "x:app", "--format", "xml"], ["-A", "x:app", "--bogus"]],
)
def test_usage_errors_exit_2(argv, capsys):
    assert ctc.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("celery-checklist: error: ")
    assert err.count("\n") == 1


def test_not_an_app_exits_2(project, capsys):
    name = project("app = 42\n")
    assert ctc.main(["-A", f"{name}:app"]) == 2
    assert "is not a Celery app but int" in capsys.readouterr().err


def test_python_m_runs_the_same_command_without_a_traceback(tmp_path):
    (tmp_path / "broken.py").write_text("raise RuntimeError('settings missing')\n")
    done = subprocess.run(
        [sys.executable, "-m", "celery_tasks_checklist", "-A", "broken:app"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env=readers_env(),
    )
    assert done.returncode == 2
    assert done.stderr == (
        "celery-checklist: error: cannot load the app 'broken:app': "
        "RuntimeError: settings missing\n"
    )
    assert "Traceback" not in done.stderr


def test_a_reader_that_stops_reading_is_no_error(tmp_path):
    """`celery-checklist -A app | head -1`: the exit status still says what it
    found, with no traceback about the closed pipe."""
    tasks = "".join(
        f"@app.task(soft_time_limit=9, time_limit={n})\ndef t{n}():\n    pass\n"
        for n in range(1, 800)
    )
    (tmp_path / "many.py").write_text(
        f"from celery import Celery\n\napp = Celery('many')\n\n{tasks}"
    )
    with subprocess.Popen(
        [sys.executable, "-m", "celery_tasks_checklist", "-A", "many:app"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=readers_env(),
    ) as command:
        assert command.stdout.readline().startswith(b"many.py:")
        command.stdout.close()  # as `head -1` does once it has its line
        errors = command.stderr.read().decode()
        assert command.wait(timeout=60) == 1
    assert errors == ""


def test_a_project_package_with_shared_tasks_in_a_process_of_its_own(tmp_path):
    """`-A proj` finds proj.celery:app as `celery -A proj` does; shared_task
    options are checked like the decorator's (in a process of its own: a
    shared task is given to every app a process makes)."""
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj/__init__.py").write_text("from .celery import app\n")
    (tmp_path / "proj/celery.py").write_text(
        textwrap.dedent(
            """
            from celery import Celery

            app = Celery("proj", broker="redis://localhost:6379/0")
            app.conf.update(include=["proj.tasks"], worker_max_tasks_per_chid=1)
            """
        )
    )
    (tmp_path / "proj/tasks.py").write_text(
        textwrap.dedent(
            """
            from celery import shared_task


            @shared_task(queue="mail", retry_backoff=True)
            def send(address):
                return address


            @shared_task(autoretry_for=(OSError,), retry_kwargs={"max_retry": 2})
            def fetch(self, url):
                return url
            """
        )
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "celery_tasks_checklist",
            "-A",
            "proj",
            "--format",
            "json",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env=readers_env(),
    )
    assert done.returncode == 1, done.stderr
    found = json.loads(done.stdout)
    assert [(f["rule"], f["where"]) for f in found] == [
        ("CTC101", "setting worker_max_tasks_per_chid"),
        ("CTC104", "task proj.tasks.fetch"),
        ("CTC103", "task proj.tasks.send"),
    ]
    assert found[1]["path"].endswith("proj/tasks.py")
