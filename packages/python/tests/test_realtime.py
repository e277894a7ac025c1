import threading
import time
from typing import List

import pytest

from octopus_trading import OctopusClient
from octopus_trading.models import Quote

pytest.importorskip("websockets")


def test_subscribe_receives_quotes_and_survives_a_reconnect(client: OctopusClient) -> None:
    quotes: List[Quote] = []
    got = threading.Event()

    def on_quote(q: Quote) -> None:
        quotes.append(q)
        got.set()

    sub = client.subscribe("AAPL", on_quote)
    try:
        assert got.wait(15), "no quote within 15 s"
        assert quotes[0].symbol == "AAPL" and quotes[0].price > 0
        sub.drop_connection()
        deadline = time.monotonic() + 15
        while sub.connections < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert sub.connections >= 2
        got.clear()
        assert got.wait(15), "no quote after the reconnect"
    finally:
        sub.close()
