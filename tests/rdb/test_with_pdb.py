import bdb

import pytest

from tests.support.snippets import snippet

with_pdb = snippet("rdb", "with_pdb")


@pytest.mark.worker
def test_on_a_worker_pdb_quits_and_the_task_fails(real_worker):
    worker = real_worker(with_pdb.app, with_pdb)
    result = with_pdb.apply_discount.delay(12_000, 15)
    with pytest.raises(bdb.BdbQuit):
        result.get(timeout=20)
    worker.wait_for_log(f"[{result.id}] raised unexpected: BdbQuit")
