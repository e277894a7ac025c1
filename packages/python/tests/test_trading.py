import uuid

import pytest

from octopus_trading import ConflictError, NotFoundError, OctopusClient, ValidationError
from octopus_trading.models import Order, PortfolioDetail


@pytest.fixture(scope="module")
def portfolio(client: OctopusClient) -> PortfolioDetail:
    return client.portfolios.create(name="Trading", initial_cash=1_000_000)


def test_seed_snippet_verbatim(server_url: str, api_key: str, capsys: pytest.CaptureFixture) -> None:
    from octopus_trading import OctopusClient

    # The seed's snippet, with only base_url and the key replaced:
    client = OctopusClient(base_url=server_url, api_key=api_key)
    quote = client.market.get_quote("AAPL"); print(f"AAPL: ${quote.price}")
    portfolio = client.portfolios.create(name="My Portfolio", initial_cash=100000)

    assert capsys.readouterr().out == f"AAPL: ${quote.price}\n" and quote.price > 0
    assert portfolio.name == "My Portfolio" and portfolio.cash_balance == 100000


def test_portfolios_crud(client: OctopusClient) -> None:
    p = client.portfolios.create(name="Crud", initial_cash=5000, description="x")
    assert isinstance(p, PortfolioDetail) and p.cash_balance == 5000
    assert p.id in [x.id for x in client.portfolios.list()]
    assert client.portfolios.update(p.id, name="Renamed").name == "Renamed"
    assert client.portfolios.get(p.id).name == "Renamed"
    pos = client.portfolios.add_position(p.id, "MSFT", 10, 300)
    assert pos.symbol == "MSFT" and pos.quantity == 10
    assert [x.symbol for x in client.portfolios.positions(p.id)] == ["MSFT"]
    assert client.portfolios.get_position(pos.id).id == pos.id
    tx = client.portfolios.deposit(p.id, 250)
    assert tx.type == "deposit" and tx.balance_after == 5250
    assert client.portfolios.withdraw(p.id, 50).type == "withdrawal"
    types = [t.type for t in client.portfolios.transactions(p.id)]
    assert "deposit" in types and "withdrawal" in types
    hist = client.portfolios.history(p.id)
    assert hist.portfolio_id == p.id and isinstance(hist.history, list)
    client.portfolios.delete_position(pos.id)
    client.portfolios.delete(p.id)
    with pytest.raises(NotFoundError) as e:
        client.portfolios.get(p.id)
    assert e.value.status == 404 and e.value.error == "NotFound"


def test_orders_create_get_cancel(client: OctopusClient, portfolio: PortfolioDetail) -> None:
    quote = client.market.get_quote("AAPL")
    o = client.orders.create(portfolio.id, "AAPL", "buy", 1, order_type="limit", price=round(quote.price * 0.5, 2),
                             time_in_force="gtc")
    assert isinstance(o, Order) and o.status == "pending"
    assert client.orders.get(o.id).id == o.id
    canceled = client.orders.cancel(o.id)
    assert canceled.status == "canceled"
    with pytest.raises(ConflictError) as e:
        client.orders.cancel(o.id)
    assert e.value.status == 409 and e.value.error == "OrderNotCancelable"


def test_market_order_fills(client: OctopusClient, portfolio: PortfolioDetail) -> None:
    o = client.orders.create(portfolio.id, "MSFT", "buy", 2)
    assert o.order_type == "market"
    assert client.orders.get(o.id).status in ("filled", "partially_filled", "pending")


def test_idempotency_key_replays(client: OctopusClient, portfolio: PortfolioDetail) -> None:
    key = str(uuid.uuid4())
    price = round(client.market.get_quote("AAPL").price * 0.5, 2)
    a = client.orders.create(portfolio.id, "AAPL", "buy", 1, order_type="limit", price=price, idempotency_key=key)
    b = client.orders.create(portfolio.id, "AAPL", "buy", 1, order_type="limit", price=price, idempotency_key=key)
    assert a.id == b.id
    with pytest.raises(ConflictError) as e:
        client.orders.create(portfolio.id, "AAPL", "buy", 2, order_type="limit", price=price, idempotency_key=key)
    assert e.value.error == "IdempotencyKeyReuse"
    client.orders.cancel(a.id)


def test_orders_auto_pagination(client: OctopusClient) -> None:
    p = client.portfolios.create(name="Pages", initial_cash=1_000_000)
    price = round(client.market.get_quote("AAPL").price * 0.5, 2)
    ids = [client.orders.create(p.id, "AAPL", "buy", 1, order_type="limit", price=price).id for _ in range(7)]
    listed = client.orders.list(portfolio_id=p.id, limit=3)
    assert iter(listed) is listed  # a lazy iterator
    got = [o.id for o in listed]
    assert sorted(got) == sorted(ids) and len(got) == 7
    assert len(list(client.orders.list(portfolio_id=p.id, status="open", limit=2))) == 7


def test_validation_error(client: OctopusClient, portfolio: PortfolioDetail) -> None:
    with pytest.raises(ValidationError) as e:
        client.orders.create(portfolio.id, "AAPL", "buy", -1)
    err = e.value
    assert err.status == 422 and err.error == "ValidationError" and err.details
    assert err.details["field"] == "quantity" and err.request_id
    with pytest.raises(ValidationError) as e2:
        client.alerts.create("ZZZZZZ", "above", 10)
    assert e2.value.error == "UnknownSymbol"
    with pytest.raises(NotFoundError):
        client.market.get_quote("ZZZZZZ")


def test_alerts(client: OctopusClient) -> None:
    a = client.alerts.create("AAPL", "above", 1_000_000)
    assert a.status and a.symbol == "AAPL"
    assert client.alerts.get(a.id).threshold == 1_000_000
    assert a.id in [x.id for x in client.alerts.list(limit=1)]
    client.alerts.delete(a.id)
    with pytest.raises(NotFoundError):
        client.alerts.get(a.id)


def test_watchlists(client: OctopusClient) -> None:
    w = client.watchlists.create(f"py-{uuid.uuid4().hex[:8]}", ["aapl"])
    assert w.symbols == ["AAPL"]
    assert client.watchlists.add_symbol(w.id, "msft").symbols == ["AAPL", "MSFT"]
    assert client.watchlists.add_symbol(w.id, "MSFT").symbols == ["AAPL", "MSFT"]
    client.watchlists.remove_symbol(w.id, "AAPL")
    assert client.watchlists.get(w.id).symbols == ["MSFT"]
    assert client.watchlists.replace(w.id, w.name, ["NVDA", "AAPL"]).symbols == ["NVDA", "AAPL"]
    with pytest.raises(ValidationError) as e:
        client.watchlists.add_symbol(w.id, "ZZZZ")
    assert e.value.error == "UnknownSymbol"
    assert w.id in [x.id for x in client.watchlists.list(limit=1)]
    client.watchlists.delete(w.id)
    with pytest.raises(NotFoundError):
        client.watchlists.get(w.id)


def test_risk(client: OctopusClient, portfolio: PortfolioDetail) -> None:
    client.portfolios.add_position(portfolio.id, "AAPL", 10, 150)
    r = client.risk.portfolio(portfolio.id, lookback="1y")
    assert r.portfolio_id == portfolio.id and r.var_95 is not None
    v = client.risk.var([{"symbol": "AAPL", "value": 10000}], confidence_level=0.99, method="parametric")
    assert v.var > 0 and v.method == "parametric"
    s = client.risk.stress_test(["covid_crash"], portfolio_id=portfolio.id)
    assert s.results and s.results[0].scenario
    assert "covid_crash" in [x.name for x in client.risk.scenarios()]


def test_ml(client: OctopusClient) -> None:
    models = client.ml.models()
    assert "naive" in [x.name for x in models]
    strategies = client.ml.strategies()
    assert strategies
    res = client.ml.predict("AAPL", "5d", model="naive", interval="model")
    assert getattr(res, "predictions", None) and len(res.predictions) == 5  # type: ignore[union-attr]
    assert list(client.ml.backtests()) == []  # a new user has none (the iterator ends on an empty page)
