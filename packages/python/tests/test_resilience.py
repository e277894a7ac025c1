"""Retries: 429 with Retry-After on a real rate-limited server; 503 and network errors on a local stub."""
import http.server
import json
import socket
import threading
import time
from typing import Iterator, List, Tuple

import pytest

from octopus_trading import NetworkError, OctopusClient, RateLimitError, ServiceUnavailableError

from .conftest import new_user


def test_429_is_retried_after_retry_after(limited_server_url: str) -> None:
    creds = new_user(limited_server_url)
    waits: List[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        time.sleep(seconds)

    c = OctopusClient(base_url=limited_server_url, sleep=sleep, max_retries=3, **creds)
    for _ in range(8):  # the burst is 5 per 10 s: some of these are answered 429 first, then retried
        assert c.market.get_quote("AAPL").price > 0
    assert waits and all(0 < w <= 10 for w in waits)


def test_429_raises_when_retry_after_exceeds_the_cap(limited_server_url: str) -> None:
    creds = new_user(limited_server_url)
    c = OctopusClient(base_url=limited_server_url, max_retries=3, max_retry_after=0.001, **creds)
    with pytest.raises(RateLimitError) as e:
        for _ in range(10):
            c.market.clock()
    assert e.value.status == 429 and e.value.error == "RateLimitExceeded" and e.value.retry_after


class _Stub(http.server.BaseHTTPRequestHandler):
    script: List[Tuple[int, dict]] = []
    seen: List[Tuple[str, str, str]] = []

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        _Stub.seen.append((self.command, self.path, self.headers.get("Idempotency-Key") or ""))
        status, body = _Stub.script.pop(0) if _Stub.script else (200, {"ok": True})
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if status == 503:
            self.send_header("Retry-After", "0")
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args: object) -> None:
        pass


UNAVAILABLE = (503, {"error": "ServiceUnavailable", "message": "database unreachable", "details": {"retry_after": 0}, "request_id": "req_x"})
ORDER = {"id": "o1", "portfolio_id": "p1", "symbol": "AAPL", "side": "buy", "order_type": "market", "quantity": 1, "status": "pending"}


@pytest.fixture
def stub() -> Iterator[str]:
    _Stub.script, _Stub.seen = [], []
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_503_get_is_retried(stub: str) -> None:
    _Stub.script = [UNAVAILABLE, UNAVAILABLE, (200, {"is_open": True, "trading_hours": "always"})]
    c = OctopusClient(base_url=stub, api_key="ok_x", backoff=0.01)
    assert c.market.clock().is_open is True
    assert len(_Stub.seen) == 3


def test_503_order_with_idempotency_key_is_retried_with_the_same_key(stub: str) -> None:
    _Stub.script = [UNAVAILABLE, (201, ORDER)]
    c = OctopusClient(base_url=stub, api_key="ok_x", backoff=0.01)
    assert c.orders.create("p1", "AAPL", "buy", 1).id == "o1"
    keys = [k for _, _, k in _Stub.seen]
    assert len(keys) == 2 and keys[0] and keys[0] == keys[1]


def test_503_non_idempotent_post_is_not_retried(stub: str) -> None:
    _Stub.script = [UNAVAILABLE, (200, {})]
    c = OctopusClient(base_url=stub, api_key="ok_x", backoff=0.01)
    with pytest.raises(ServiceUnavailableError) as e:
        c.alerts.create("AAPL", "above", 1)
    assert e.value.status == 503 and e.value.request_id == "req_x" and len(_Stub.seen) == 1


def test_503_gives_up_after_max_retries(stub: str) -> None:
    _Stub.script = [UNAVAILABLE] * 5
    c = OctopusClient(base_url=stub, api_key="ok_x", backoff=0.01, max_retries=2)
    with pytest.raises(ServiceUnavailableError):
        c.market.clock()
    assert len(_Stub.seen) == 3


def test_network_error_and_timeout() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    c = OctopusClient(base_url=f"http://127.0.0.1:{port}", api_key="ok_x", backoff=0.01, max_retries=2)
    with pytest.raises(NetworkError) as e:
        c.market.clock()
    assert e.value.status == 0

    silent = socket.socket()  # accepts connections and never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    try:
        c = OctopusClient(base_url=f"http://127.0.0.1:{silent.getsockname()[1]}", api_key="ok_x", timeout=0.3, max_retries=0)
        started = time.monotonic()
        with pytest.raises(NetworkError):
            c.market.clock()
        assert time.monotonic() - started < 3
    finally:
        silent.close()
