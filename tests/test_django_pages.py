"""The Django pages name the database their proofs run on, as the server says."""

import re

import pytest
from django.db import connection

from tools import checklist

PAGES = [
    "calling-tasks/enqueue-after-commit.md",
    "calling-tasks/pass-ids-not-objects.md",
    "writing-tasks/atomic-tasks.md",
    "writing-tasks/idempotent-tasks.md",
]


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_the_page_names_the_postgresql_the_tests_run_on(page):
    major = connection.pg_version // 10000
    text = " ".join((checklist.DOCS / page).read_text(encoding="utf-8").split())
    named = re.findall(r"proved on PostgreSQL (\d+) with a prefork worker", text)
    assert named == [str(major)], (
        f"{page} says it is proved on PostgreSQL {named}, the tests ran on "
        f"{major}: run them on the release the pages name, or update the pages"
    )
