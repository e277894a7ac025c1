import time

import pytest

from octopus_trading import AuthenticationError, ForbiddenError, OctopusClient
from octopus_trading.models import Historical, MarketClock, Quote

from .conftest import new_user


def test_key_auth_and_me(client: OctopusClient, user: dict) -> None:
    me = client.auth.me()
    assert me.email == user["email"]


def test_password_auth_refreshes_before_expiry(server_url: str) -> None:
    creds = new_user(server_url)
    c = OctopusClient(base_url=server_url, **creds)
    assert c.auth.me().email == creds["email"]  # logs in lazily
    t = c._transport
    first_access, first_refresh = t.access_token, t.refresh_token
    t.expires_at = time.monotonic() + 1  # within the refresh margin: the next call refreshes first
    assert c.auth.me().email == creds["email"]
    assert t.refresh_token != first_refresh and t.access_token != first_access


def test_password_auth_refreshes_on_401(server_url: str) -> None:
    creds = new_user(server_url)
    c = OctopusClient(base_url=server_url, **creds)
    c.auth.me()
    t = c._transport
    old_refresh = t.refresh_token
    t.access_token = "not-a-jwt"  # the server answers 401: the client refreshes once and repeats the call
    assert c.auth.me().email == creds["email"]
    assert t.refresh_token != old_refresh


def test_login_then_logout(server_url: str) -> None:
    creds = new_user(server_url)
    c = OctopusClient(base_url=server_url)
    token = c.auth.login(creds["email"], creds["password"])
    assert token.token_type == "bearer" and token.expires_in > 0
    assert c.auth.refresh().access_token
    assert c.auth.me().email == creds["email"]
    c.auth.logout()
    with pytest.raises(AuthenticationError) as e:
        c.auth.me()
    assert e.value.status == 401 and e.value.error == "Unauthorized" and e.value.request_id


def test_api_keys_and_scopes(password_client: OctopusClient, server_url: str) -> None:
    created = password_client.auth.create_api_key("read-only", scopes=["read"])
    assert created.scopes == ["read"]
    assert created.id in [k.id for k in password_client.auth.list_api_keys()]
    reader = OctopusClient(base_url=server_url, api_key=created.key)
    assert reader.market.clock().is_open is not None
    with pytest.raises(ForbiddenError) as e:
        reader.portfolios.create(name="nope")
    assert e.value.status == 403 and e.value.details and e.value.details["missing_scope"] == "trade"
    password_client.auth.revoke_api_key(created.id)
    with pytest.raises(AuthenticationError):
        reader.market.clock()


def test_bad_key_is_401(server_url: str) -> None:
    with pytest.raises(AuthenticationError) as e:
        OctopusClient(base_url=server_url, api_key="ok_wrong").auth.me()
    assert e.value.status == 401


def test_market(client: OctopusClient) -> None:
    q = client.market.get_quote("AAPL")
    assert isinstance(q, Quote) and q.symbol == "AAPL" and q.price > 0 and q["price"] == q.price
    h = client.market.get_historical("AAPL", period="1mo", interval="1d")
    assert isinstance(h, Historical) and h.data and h.data[0].close > 0
    assert any(r.symbol == "MSFT" for r in client.market.search("MSFT"))
    assert len(client.market.trending(limit=3)) <= 3
    assert isinstance(client.market.clock(), MarketClock)
