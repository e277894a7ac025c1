"""Quotes over the plain WebSocket endpoint /ws/market-data (docs/asyncapi.yaml), in a background thread.

Needs the optional `websockets` package (Debian: python3-websockets; pip: octopus-trading[realtime]).
Reconnects with backoff and subscribes again after a lost connection.
"""
import asyncio
import json
import random
import threading
from typing import Any, Callable, List, Optional, Sequence, Union

from ._transport import Transport
from .models import Quote

try:
    import websockets
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "client.subscribe needs the `websockets` package: pip install 'octopus-trading[realtime]' "
        "(Debian: apt-get install python3-websockets)"
    ) from exc


class Subscription:
    """A running subscription. `close()` stops it; `wait_subscribed()` blocks until the server confirmed."""

    def __init__(
        self,
        transport: Transport,
        symbols: List[str],
        callback: Callable[[Quote], None],
        on_error: Optional[Callable[[Any], None]] = None,
        reconnect: bool = True,
        max_backoff: float = 10.0,
    ) -> None:
        self._transport = transport
        self.symbols = symbols
        self._callback = callback
        self._on_error = on_error
        self._reconnect = reconnect
        self._max_backoff = max_backoff
        self._stop = threading.Event()
        self._subscribed = threading.Event()
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._ws: Any = None
        self.connections = 0
        self._thread = threading.Thread(target=self._run, name="octopus-market-data", daemon=True)

    @classmethod
    def start(
        cls, transport: Transport, symbols: Union[str, Sequence[str]], callback: Callable[[Quote], None], **options: Any
    ) -> "Subscription":
        sub = cls(transport, [symbols] if isinstance(symbols, str) else list(symbols), callback, **options)
        sub._thread.start()
        return sub

    @property
    def url(self) -> str:
        base = self._transport.base_url
        return ("wss://" + base[len("https://"):] if base.startswith("https://") else "ws://" + base.split("://", 1)[-1]) + "/ws/market-data"

    def wait_subscribed(self, timeout: Optional[float] = None) -> bool:
        return self._subscribed.wait(timeout)

    def close(self, timeout: float = 5.0) -> None:
        self._stop.set()
        loop, ws = self._loop, self._ws
        if loop is not None and ws is not None and loop.is_running():
            asyncio.run_coroutine_threadsafe(ws.close(), loop)
        self._thread.join(timeout)

    def __enter__(self) -> "Subscription":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def drop_connection(self) -> None:
        """Closes the current connection as a network failure would (the subscription reconnects)."""
        loop, ws = self._loop, self._ws
        if loop is not None and ws is not None:
            asyncio.run_coroutine_threadsafe(ws.close(), loop)

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        attempt = 0
        while not self._stop.is_set():
            try:
                async with websockets.connect(self.url, open_timeout=self._transport.timeout) as ws:  # type: ignore[attr-defined]
                    self._ws = ws
                    self.connections += 1
                    attempt = 0
                    token = self._token()
                    if token:
                        await ws.send(json.dumps({"type": "auth", "token": token}))
                    await ws.send(json.dumps({"type": "subscribe", "symbols": self.symbols}))
                    async for raw in ws:
                        self._handle(json.loads(raw))
            except Exception as exc:  # a lost connection: reconnect below
                if self._on_error is not None and not self._stop.is_set():
                    self._on_error(exc)
            finally:
                self._ws = None
                self._subscribed.clear()
            if self._stop.is_set() or not self._reconnect:
                return
            attempt += 1
            await asyncio.sleep(random.uniform(0, min(self._max_backoff, 0.25 * 2**attempt)))

    def _token(self) -> Optional[str]:
        t = self._transport
        if t.api_key:
            return t.api_key
        if t.uses_session:
            return t._auth_headers().get("Authorization", " ").split(" ", 1)[1] or None
        return None

    def _handle(self, msg: Any) -> None:
        kind = msg.get("type") if isinstance(msg, dict) else None
        if kind == "quote":
            self._callback(Quote.from_dict(msg))
        elif kind == "subscribed":
            self._subscribed.set()
        elif kind == "error" and self._on_error is not None:
            self._on_error(msg)
