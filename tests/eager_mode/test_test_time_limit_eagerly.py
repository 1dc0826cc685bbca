from tests.support.readers_tests import run_readers_tests
from tests.support.snippets import snippet

tasks = snippet("eager_mode")


def test_it_passes_though_no_limit_stopped_anything(eager, tmp_path):
    status, output = run_readers_tests(
        "snippets/eager_mode/test_time_limit_eagerly.py", tmp_path
    )
    assert status == 0, output
    eager(tasks.app)
    same_call = tasks.count_rows.apply_async((300_000,), soft_time_limit=0.01)
    assert same_call.get() == {"rows": 300_000, "complete": True}
