"""OctopusClient and its groups: auth, market, portfolios, orders, risk, ml, alerts, watchlists, strategies."""
import uuid
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Type, TypeVar, Union
from urllib.parse import quote as _q

from . import models as m
from ._model import Model
from ._transport import Transport

T = TypeVar("T", bound=Model)


def _p(value: str) -> str:
    return _q(str(value), safe="")


def _body(**fields: Any) -> Dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}


class _Group:
    def __init__(self, t: Transport) -> None:
        self._t = t

    def _get(self, cls: Type[T], path: str, query: Optional[Dict[str, Any]] = None) -> T:
        return cls.from_dict(self._t.request("GET", path, query))

    def _send(self, cls: Type[T], method: str, path: str, body: Any = None, headers: Optional[Dict[str, str]] = None) -> T:
        return cls.from_dict(self._t.request(method, path, None, body, headers))

    def _pages(self, path: str, key: str, cls: Type[T], query: Dict[str, Any]) -> Iterator[T]:
        """Every item over the cursor pages (`next_cursor`), fetched lazily."""
        q = dict(query)
        while True:
            page = self._t.request("GET", path, q)
            for item in page.get(key) or []:
                yield cls.from_dict(item)
            cursor = page.get("next_cursor")
            if not cursor:
                return
            q["cursor"] = cursor


class AuthAPI(_Group):
    def register(self, email: str, password: str, first_name: Optional[str] = None, last_name: Optional[str] = None) -> m.User:
        body = _body(email=email, password=password, first_name=first_name, last_name=last_name)
        return m.User.from_dict(self._t.request("POST", "/api/auth/register", body=body, auth=False))

    def login(self, email: str, password: str) -> m.Token:
        """Logs in and makes this client use the session (refreshed automatically from then on)."""
        tokens = self._t.request("POST", "/api/auth/login", body={"email": email, "password": password}, auth=False)
        self._t.email, self._t.password = email, password
        self._t.api_key = None
        self._t.set_tokens(tokens)
        return m.Token.from_dict(tokens)

    def refresh(self) -> m.Token:
        """Rotates the session's tokens now (the client also does it before expiry and on a 401)."""
        self._t.refresh()
        return m.Token.from_dict(
            {"access_token": self._t.access_token, "refresh_token": self._t.refresh_token, "token_type": "bearer"}
        )

    def logout(self) -> m.LogoutResult:
        body = _body(refresh_token=self._t.refresh_token)
        result = self._send(m.LogoutResult, "POST", "/api/auth/logout", body)
        self._t.clear_tokens()
        self._t.password = None
        return result

    def me(self) -> m.Me:
        return self._get(m.Me, "/api/auth/me")

    def create_api_key(self, name: str, scopes: Optional[Sequence[str]] = None) -> m.CreatedApiKey:
        body = _body(name=name, scopes=list(scopes) if scopes is not None else None)
        return self._send(m.CreatedApiKey, "POST", "/api/auth/api-keys", body)

    def list_api_keys(self) -> List[m.ApiKey]:
        return list(self._get(m.ApiKeyList, "/api/auth/api-keys").api_keys or [])

    def revoke_api_key(self, key_id: str) -> None:
        self._t.request("DELETE", f"/api/auth/api-keys/{_p(key_id)}")


class MarketAPI(_Group):
    def get_quote(self, symbol: str) -> m.Quote:
        return self._get(m.Quote, f"/api/market/quote/{_p(symbol)}")

    def get_historical(self, symbol: str, period: Optional[str] = None, interval: Optional[str] = None) -> m.Historical:
        return self._get(m.Historical, f"/api/market/historical/{_p(symbol)}", {"period": period, "interval": interval})

    def search(self, q: str, limit: Optional[int] = None) -> List[m.SearchResult]:
        return list(self._get(m.SearchResults, "/api/market/search", {"q": q, "limit": limit}).results or [])

    def trending(self, limit: Optional[int] = None) -> List[m.TrendingItem]:
        return list(self._get(m.Trending, "/api/market/trending", {"limit": limit}).trending or [])

    def clock(self) -> m.MarketClock:
        return self._get(m.MarketClock, "/api/market/clock")


class PortfoliosAPI(_Group):
    def list(self) -> List[m.Portfolio]:
        return list(self._get(m.PortfolioList, "/api/portfolios").portfolios or [])

    def create(
        self, name: str, initial_cash: Optional[float] = None, description: Optional[str] = None,
        idempotency_key: Optional[str] = None,
    ) -> m.PortfolioDetail:
        """Sent with an Idempotency-Key (a fresh one unless given), so a retry never creates two."""
        body = _body(name=name, description=description, initial_cash=initial_cash)
        headers = {"Idempotency-Key": idempotency_key or str(uuid.uuid4())}
        return self._send(m.PortfolioDetail, "POST", "/api/portfolios", body, headers)

    def get(self, portfolio_id: str) -> m.PortfolioDetail:
        return self._get(m.PortfolioDetail, f"/api/portfolios/{_p(portfolio_id)}")

    def update(self, portfolio_id: str, name: Optional[str] = None, description: Optional[str] = None) -> m.PortfolioDetail:
        return self._send(m.PortfolioDetail, "PUT", f"/api/portfolios/{_p(portfolio_id)}", _body(name=name, description=description))

    def delete(self, portfolio_id: str) -> None:
        self._t.request("DELETE", f"/api/portfolios/{_p(portfolio_id)}")

    def positions(self, portfolio_id: str) -> List[m.Position]:
        return list(self._get(m.PositionList, f"/api/portfolios/{_p(portfolio_id)}/positions").positions or [])

    def add_position(self, portfolio_id: str, symbol: str, quantity: float, price: float) -> m.Position:
        body = {"symbol": symbol, "quantity": quantity, "price": price}
        return self._send(m.Position, "POST", f"/api/portfolios/{_p(portfolio_id)}/positions", body)

    def cash(self, portfolio_id: str, type: str, amount: float) -> m.CashTransaction:
        """`type`: "deposit" or "withdrawal"."""
        return self._send(m.CashTransaction, "POST", f"/api/portfolios/{_p(portfolio_id)}/cash", {"type": type, "amount": amount})

    def deposit(self, portfolio_id: str, amount: float) -> m.CashTransaction:
        return self.cash(portfolio_id, "deposit", amount)

    def withdraw(self, portfolio_id: str, amount: float) -> m.CashTransaction:
        return self.cash(portfolio_id, "withdrawal", amount)

    def transactions(self, portfolio_id: str, limit: Optional[int] = None) -> Iterator[m.CashTransaction]:
        """Every cash transaction, newest first, over the cursor pages."""
        return self._pages(f"/api/portfolios/{_p(portfolio_id)}/transactions", "transactions", m.CashTransaction, {"limit": limit})

    def fills(self, portfolio_id: str, limit: Optional[int] = None) -> Iterator[m.Fill]:
        return self._pages(f"/api/portfolios/{_p(portfolio_id)}/fills", "fills", m.Fill, {"limit": limit})

    def history(self, portfolio_id: str) -> m.NavHistory:
        return self._get(m.NavHistory, f"/api/portfolios/{_p(portfolio_id)}/history")

    def get_position(self, position_id: str) -> m.Position:
        return self._get(m.Position, f"/api/positions/{_p(position_id)}")

    def delete_position(self, position_id: str) -> None:
        self._t.request("DELETE", f"/api/positions/{_p(position_id)}")


class OrdersAPI(_Group):
    def create(
        self, portfolio_id: str, symbol: str, side: str, quantity: float, order_type: str = "market",
        price: Optional[float] = None, stop_price: Optional[float] = None, time_in_force: Optional[str] = None,
        client_order_id: Optional[str] = None, idempotency_key: Optional[str] = None,
    ) -> m.Order:
        """Places an order with an Idempotency-Key (a fresh UUID unless given): retried safely after a
        503 or a lost connection, and the server answers the first order instead of placing a second."""
        body = _body(
            portfolio_id=portfolio_id, symbol=symbol, side=side, order_type=order_type, quantity=quantity,
            price=price, stop_price=stop_price, time_in_force=time_in_force, client_order_id=client_order_id,
        )
        headers = {"Idempotency-Key": idempotency_key or str(uuid.uuid4())}
        return self._send(m.Order, "POST", "/api/orders", body, headers)

    def list(
        self, status: Optional[str] = None, portfolio_id: Optional[str] = None, symbol: Optional[str] = None,
        limit: Optional[int] = None,
    ) -> Iterator[m.Order]:
        """Every matching order, newest first; pages (`limit` per request) are fetched as you iterate."""
        query = {"status": status, "portfolio_id": portfolio_id, "symbol": symbol, "limit": limit}
        return self._pages("/api/orders", "orders", m.Order, query)

    def get(self, order_id: str) -> m.Order:
        return self._get(m.Order, f"/api/orders/{_p(order_id)}")

    def cancel(self, order_id: str) -> m.Order:
        return self._send(m.Order, "PUT", f"/api/orders/{_p(order_id)}/cancel")


class RiskAPI(_Group):
    def portfolio(self, portfolio_id: str, **query: Any) -> m.PortfolioRisk:
        """Query: method, lookback, benchmark, series, risk_free_rate, paths, seed."""
        return self._get(m.PortfolioRisk, f"/api/risk/portfolio/{_p(portfolio_id)}", query)

    def var(self, positions: Sequence[Dict[str, Any]], **options: Any) -> m.VarResult:
        """positions: [{"symbol": "AAPL", "value": 10000}, …]; options: confidence_level, time_horizon, method, …"""
        return self._send(m.VarResult, "POST", "/api/risk/var", {"positions": list(positions), **options})

    def stress_test(self, scenarios: Sequence[str], portfolio_id: Optional[str] = None,
                    positions: Optional[Sequence[Dict[str, Any]]] = None, custom_shocks: Optional[Dict[str, Any]] = None) -> m.StressTestResult:
        body = _body(scenarios=list(scenarios), portfolio_id=portfolio_id,
                     positions=list(positions) if positions is not None else None, custom_shocks=custom_shocks)
        return self._send(m.StressTestResult, "POST", "/api/risk/stress-test", body)

    def scenarios(self) -> List[m.Scenario]:
        return list(self._get(m.ScenarioList, "/api/risk/scenarios").scenarios or [])


class MLAPI(_Group):
    def predict(self, symbol: str, horizon: str, **options: Any) -> Union[m.PredictResult, m.Job]:
        """A forecast, or (202) the Job computing the evaluation it needs: poll it with `job()`."""
        data = self._t.request("POST", "/api/ml/predict", body={"symbol": symbol, "horizon": horizon, **options})
        return _job_or(data, m.PredictResult)

    def evaluate(self, symbol: str, **query: Any) -> Union[m.EvaluationTable, m.Job]:
        data = self._t.request("GET", f"/api/ml/evaluate/{_p(symbol)}", query)
        return _job_or(data, m.EvaluationTable)

    def models(self) -> List[m.ModelInfo]:
        return list(self._get(m.ModelList, "/api/ml/models").models or [])

    def job(self, job_id: str) -> m.Job:
        return self._get(m.Job, f"/api/ml/jobs/{_p(job_id)}")

    def backtest(self, **request: Any) -> m.Backtest:
        return self._send(m.Backtest, "POST", "/api/ml/backtest", request)

    def backtests(self, limit: Optional[int] = None) -> Iterator[m.BacktestListItem]:
        return self._pages("/api/ml/backtests", "backtests", m.BacktestListItem, {"limit": limit})

    def get_backtest(self, backtest_id: str) -> m.Backtest:
        return self._get(m.Backtest, f"/api/ml/backtests/{_p(backtest_id)}")

    def delete_backtest(self, backtest_id: str) -> None:
        self._t.request("DELETE", f"/api/ml/backtests/{_p(backtest_id)}")

    def strategies(self) -> List[m.StrategyInfo]:
        return list(self._get(m.BuiltinStrategyList, "/api/ml/strategies").strategies or [])


class AlertsAPI(_Group):
    def create(self, symbol: str, condition: str, threshold: float, repeat: Optional[bool] = None) -> m.Alert:
        return self._send(m.Alert, "POST", "/api/alerts", _body(symbol=symbol, condition=condition, threshold=threshold, repeat=repeat))

    def list(self, limit: Optional[int] = None) -> Iterator[m.Alert]:
        return self._pages("/api/alerts", "alerts", m.Alert, {"limit": limit})

    def get(self, alert_id: str) -> m.Alert:
        return self._get(m.Alert, f"/api/alerts/{_p(alert_id)}")

    def delete(self, alert_id: str) -> None:
        self._t.request("DELETE", f"/api/alerts/{_p(alert_id)}")


class WatchlistsAPI(_Group):
    def create(self, name: str, symbols: Optional[Sequence[str]] = None) -> m.Watchlist:
        return self._send(m.Watchlist, "POST", "/api/watchlists", _body(name=name, symbols=list(symbols) if symbols is not None else None))

    def list(self, limit: Optional[int] = None) -> Iterator[m.Watchlist]:
        return self._pages("/api/watchlists", "watchlists", m.Watchlist, {"limit": limit})

    def get(self, watchlist_id: str) -> m.Watchlist:
        return self._get(m.Watchlist, f"/api/watchlists/{_p(watchlist_id)}")

    def replace(self, watchlist_id: str, name: str, symbols: Sequence[str]) -> m.Watchlist:
        """Sets the name and exactly these symbols, in this order."""
        return self._send(m.Watchlist, "PUT", f"/api/watchlists/{_p(watchlist_id)}", {"name": name, "symbols": list(symbols)})

    def delete(self, watchlist_id: str) -> None:
        self._t.request("DELETE", f"/api/watchlists/{_p(watchlist_id)}")

    def add_symbol(self, watchlist_id: str, symbol: str) -> m.Watchlist:
        """Appends the symbol (no change when it is already there); returns the list."""
        return self._send(m.Watchlist, "POST", f"/api/watchlists/{_p(watchlist_id)}/symbols", {"symbol": symbol})

    def remove_symbol(self, watchlist_id: str, symbol: str) -> None:
        """Removes the symbol (no-op when it is not there)."""
        self._t.request("DELETE", f"/api/watchlists/{_p(watchlist_id)}/symbols/{_p(symbol)}")


class StrategiesAPI(_Group):
    def create(self, document: Dict[str, Any]) -> m.Strategy:
        return self._send(m.Strategy, "POST", "/api/strategies", document)

    def list(self, limit: Optional[int] = None) -> Iterator[m.StrategyListItem]:
        return self._pages("/api/strategies", "strategies", m.StrategyListItem, {"limit": limit})

    def examples(self) -> List[m.StrategyExample]:
        return list(self._get(m.StrategyExampleList, "/api/strategies/examples").examples or [])

    def get(self, strategy_id: str, version: Optional[int] = None) -> m.Strategy:
        return self._get(m.Strategy, f"/api/strategies/{_p(strategy_id)}", {"version": version})

    def update(self, strategy_id: str, document: Dict[str, Any]) -> m.Strategy:
        return self._send(m.Strategy, "PUT", f"/api/strategies/{_p(strategy_id)}", document)

    def delete(self, strategy_id: str) -> None:
        self._t.request("DELETE", f"/api/strategies/{_p(strategy_id)}")


def _job_or(data: Dict[str, Any], cls: Type[T]) -> Union[T, m.Job]:
    if isinstance(data, dict) and "kind" in data and "attempts" in data:  # the 202 answer: a JobDto
        return m.Job.from_dict(data)
    return cls.from_dict(data)


class OctopusClient:
    """The Octopus REST API.

    Authenticate with `api_key=` (sent as X-API-Key), or `email=` and `password=` (a session whose access
    token is refreshed before it expires and once on a 401), or call `client.auth.login(...)` later.
    """

    def __init__(
        self,
        base_url: str = "http://localhost:8000",
        api_key: Optional[str] = None,
        email: Optional[str] = None,
        password: Optional[str] = None,
        *,
        timeout: float = 30.0,
        max_retries: int = 3,
        backoff: float = 0.5,
        max_retry_after: float = 60.0,
        refresh_margin: float = 30.0,
        sleep: Optional[Callable[[float], None]] = None,
    ) -> None:
        if (email is None) != (password is None):
            raise ValueError("email and password go together")
        kwargs: Dict[str, Any] = {}
        if sleep is not None:
            kwargs["sleep"] = sleep
        self._transport = Transport(
            base_url, api_key=api_key, email=email, password=password, timeout=timeout, max_retries=max_retries,
            backoff=backoff, max_retry_after=max_retry_after, refresh_margin=refresh_margin, **kwargs,
        )
        self.base_url = self._transport.base_url
        self.auth = AuthAPI(self._transport)
        self.market = MarketAPI(self._transport)
        self.portfolios = PortfoliosAPI(self._transport)
        self.orders = OrdersAPI(self._transport)
        self.risk = RiskAPI(self._transport)
        self.ml = MLAPI(self._transport)
        self.alerts = AlertsAPI(self._transport)
        self.watchlists = WatchlistsAPI(self._transport)
        self.strategies = StrategiesAPI(self._transport)

    def request(self, method: str, path: str, query: Optional[Dict[str, Any]] = None, body: Any = None,
                headers: Optional[Dict[str, str]] = None) -> Any:
        """Any operation of the spec, with this client's auth, retries and errors; returns the decoded JSON."""
        return self._transport.request(method, path, query, body, headers)

    def subscribe(self, symbols: Union[str, Sequence[str]], callback: Callable[[m.Quote], None], **options: Any) -> Any:
        """Streams quotes over /ws/market-data in a background thread; returns a Subscription (`.close()`).
        Needs the optional `websockets` package (`pip install octopus-trading[realtime]`)."""
        from .realtime import Subscription  # imported only when used: websockets is optional

        return Subscription.start(self._transport, symbols, callback, **options)
