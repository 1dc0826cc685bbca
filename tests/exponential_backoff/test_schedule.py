from tests.support.printed import assert_prints_as_commented
from tests.support.snippets import snippet

schedule = snippet("exponential_backoff", "schedule")


def test_the_page_shows_the_tasks_real_schedule(capsys):
    assert_prints_as_commented(schedule.print_schedule, capsys)
