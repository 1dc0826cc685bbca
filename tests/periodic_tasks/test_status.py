import re
import textwrap
from datetime import UTC, datetime
from pathlib import Path

from tests.support.snippets import snippet

status = snippet("periodic_tasks", "status")
string_names = snippet("periodic_tasks", "string_names")
tasks = snippet("periodic_tasks")


# Tuesday 24 November 2026, 09:00 UTC.
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
PAGE = Path("docs/observability/periodic-tasks.md")


def next_runs(app, **options):
    return {
        row["name"]: row["next_run"]
        for row in status.schedule_status(app, NOW, **options)
    }


def test_a_crontab_runs_next_at_its_next_matching_minute():
    assert next_runs(tasks.app)["weekly newsletter"] == datetime(
        2026, 11, 30, 7, 30, tzinfo=UTC
    )


def test_an_interval_runs_next_one_interval_after_its_last_run():
    assert next_runs(tasks.app)["exchange rates"] == datetime(
        2026, 11, 24, 9, 15, tzinfo=UTC
    )
    last = {"exchange rates": datetime(2026, 11, 24, 8, 50, tzinfo=UTC)}
    assert next_runs(tasks.app, last_run_at=last)["exchange rates"] == datetime(
        2026, 11, 24, 9, 5, tzinfo=UTC
    )


def test_an_overdue_interval_is_due_now():
    last = {"exchange rates": datetime(2026, 11, 24, 7, 0, tzinfo=UTC)}
    assert next_runs(tasks.app, last_run_at=last)["exchange rates"] == NOW


def test_the_page_shows_the_real_status_tables(capsys):
    printed = []
    for app in tasks.app, string_names.app:
        status.print_status(app, NOW)
        printed.append(capsys.readouterr().out)
    shown = re.findall(r"```text\n(.*?)```", PAGE.read_text(), re.S)
    assert [textwrap.dedent(block) for block in shown] == printed


def test_every_entry_of_the_schedule_can_be_run():
    assert all(row["registered"] for row in status.schedule_status(tasks.app, NOW))
