import httpx
import pytest

from tests.support.fake_api import fake_api
from tests.support.snippets import snippet

no_retry = snippet("retry_transient_errors", "no_retry")

STATUS = "503 Service Unavailable"


@pytest.mark.worker
@pytest.mark.usefixtures("worker")
def test_one_503_fails_the_task_for_good():
    with fake_api(failures=1) as api:
        with pytest.raises(httpx.HTTPError, match=STATUS):
            no_retry.likes_do_facebook.delay(api.url).get(timeout=20)
        assert len(api.request_times) == 1  # the service was back; nobody asked
