"""What the page says about locks, checked."""

import pytest
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLite

from profiles.models import Profile


def test_sqlite_has_no_select_for_update():
    # Django leaves FOR UPDATE out of the query where this is False.
    assert SQLite.features_class.has_select_for_update is False


@pytest.mark.django_db
def test_on_sqlite_the_locking_query_locks_nothing():
    # An in-memory SQLite database of the test's own, beside PostgreSQL's.
    sqlite = SQLite({**connection.settings_dict, "NAME": ":memory:"})
    try:
        with sqlite.schema_editor() as editor:
            editor.create_model(Profile)
        query = Profile.objects.select_for_update().filter(id=1).query
        sql, params = query.get_compiler(connection=sqlite).as_sql()
        assert "FOR UPDATE" not in sql  # a plain SELECT: no lock is asked for
        with sqlite.cursor() as cursor:
            cursor.execute(sql, params)  # and it runs
        # The same query on PostgreSQL asks for the row lock.
        assert "FOR UPDATE" in query.get_compiler(connection=connection).as_sql()[0]
    finally:
        sqlite.close()
