"""What the page says about locks, checked."""

from django.db.backends.sqlite3.base import DatabaseWrapper as SQLite


def test_sqlite_has_no_select_for_update():
    # Django leaves FOR UPDATE out of the query where this is False.
    assert SQLite.features_class.has_select_for_update is False
