"""The sweep options the page explains exist from kombu 5.7; older releases
accept the names in broker_transport_options and ignore them. Each supported
release is checked for what it really does (make test-matrix runs them all)."""

from kombu.transport.redis import Channel

from tests.acks_late.conftest import FAST_REDELIVERY, KOMBU

SWEEP = ("unacked_restore_interval", "unacked_restore_throttle")


def test_the_sweep_options_are_known_from_kombu_5_7():
    known = all(name in Channel.from_transport_options for name in SWEEP)
    assert known == (KOMBU >= (5, 7))


def test_the_visibility_timeout_is_known_everywhere():
    assert "visibility_timeout" in Channel.from_transport_options
    assert FAST_REDELIVERY["broker_transport_options"]["visibility_timeout"] == 3


def test_the_defaults_in_the_pages_table():
    assert Channel.visibility_timeout == 3600
    if KOMBU >= (5, 7):
        assert Channel.unacked_restore_interval == 10
        assert Channel.unacked_restore_throttle == 10
