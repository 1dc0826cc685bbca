import threading

import pytest

from tests.support.fake_api import fake_api


@pytest.fixture(scope="module")
def project(django_project):
    """The project's app in this process and a prefork worker with two
    processes, so two copies of a task run at once."""
    django_project.worker()
    return django_project


@pytest.fixture
def api():
    with fake_api(body={"name": "Ada Lovelace"}) as running:
        yield running


@pytest.fixture
def failing_api():
    with fake_api(failures=1, failure_status=502) as running:
        yield running


@pytest.fixture
def held_api():
    """An API that answers only when the test lets it: ``.called`` is set once
    a request is in, ``.answer`` lets it through."""
    with fake_api(body={"name": "Ada Lovelace"}) as running:
        running.called = threading.Event()
        running.answer = threading.Event()
        respond = running.respond

        def held():
            running.called.set()
            assert running.answer.wait(timeout=60), "the test never let it answer"
            return respond()

        running.respond = held
        try:
            yield running
        finally:
            running.answer.set()


@pytest.fixture
def committed_states(project):
    """``committed_states(profile)``: each committed transaction that wrote the
    profile's row, as the (name, status, refreshes) it left, in order. A
    PostgreSQL trigger records every row version with its transaction's id."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE profile_versions (seq serial, txid bigint, profile_id"
            " bigint, name text, status text, refreshes integer);"
            " CREATE FUNCTION record_profile() RETURNS trigger AS $$ BEGIN"
            " INSERT INTO profile_versions (txid, profile_id, name, status,"
            " refreshes) VALUES (txid_current(), NEW.id, NEW.name, NEW.status,"
            " NEW.refreshes); RETURN NEW; END $$ LANGUAGE plpgsql;"
            " CREATE TRIGGER record_profile AFTER INSERT OR UPDATE ON"
            " profiles_profile FOR EACH ROW EXECUTE FUNCTION record_profile();"
        )

    def states(profile):
        with connection.cursor() as cursor:
            # The last version each transaction wrote: what it committed.
            cursor.execute(
                "SELECT name, status, refreshes FROM profile_versions v"
                " WHERE profile_id = %s AND seq = (SELECT max(seq) FROM"
                " profile_versions w WHERE w.txid = v.txid) ORDER BY seq",
                [profile.id],
            )
            return cursor.fetchall()

    try:
        yield states
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "DROP TRIGGER record_profile ON profiles_profile;"
                " DROP FUNCTION record_profile(); DROP TABLE profile_versions;"
            )
