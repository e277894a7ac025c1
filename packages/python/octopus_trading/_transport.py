"""HTTP over urllib: authentication, token refresh, retries, timeouts, error mapping."""
import json
import random
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Callable, Dict, Mapping, Optional, Tuple

from .errors import AuthenticationError, NetworkError, OctopusError, error_from_response

Query = Optional[Mapping[str, Any]]


class Transport:
    def __init__(
        self,
        base_url: str,
        api_key: Optional[str] = None,
        email: Optional[str] = None,
        password: Optional[str] = None,
        access_token: Optional[str] = None,
        refresh_token: Optional[str] = None,
        timeout: float = 30.0,
        max_retries: int = 3,
        backoff: float = 0.5,
        max_retry_after: float = 60.0,
        refresh_margin: float = 30.0,
        user_agent: str = "octopus-trading-python",
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.email = email
        self.password = password
        self.access_token = access_token
        self.refresh_token = refresh_token
        self.expires_at: Optional[float] = None
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.refresh_margin = refresh_margin
        self.user_agent = user_agent
        self.sleep = sleep
        self._lock = threading.Lock()

    # ---- authentication -------------------------------------------------------------------------------------
    def set_tokens(self, tokens: Mapping[str, Any]) -> None:
        self.access_token = tokens["access_token"]
        self.refresh_token = tokens.get("refresh_token") or self.refresh_token
        expires_in = tokens.get("expires_in")
        self.expires_at = time.monotonic() + float(expires_in) if expires_in is not None else None

    def clear_tokens(self) -> None:
        self.access_token = None
        self.refresh_token = None
        self.expires_at = None

    def _login(self) -> None:
        body = self._send("POST", "/api/auth/login", None, {"email": self.email, "password": self.password}, {}, True)
        self.set_tokens(body)

    def refresh(self) -> None:
        """New tokens from the refresh token (rotated, single use), or a new login when that fails."""
        with self._lock:
            self._refresh_locked()

    def _refresh_locked(self) -> None:
        if self.refresh_token:
            try:
                self.set_tokens(
                    self._send("POST", "/api/auth/refresh", None, {"refresh_token": self.refresh_token}, {}, True)
                )
                return
            except AuthenticationError:
                self.clear_tokens()
        if self.email is not None and self.password is not None:
            self._login()
        else:
            raise AuthenticationError(401, "Unauthorized", "The session expired and no password is configured to log in again")

    def _auth_headers(self) -> Dict[str, str]:
        if self.api_key:
            return {"X-API-Key": self.api_key}
        with self._lock:
            needs_session = self.access_token is None and (self.refresh_token or self.password is not None)
            expiring = self.expires_at is not None and time.monotonic() > self.expires_at - self.refresh_margin
            if needs_session or (self.access_token and expiring):
                self._refresh_locked()
            return {"Authorization": f"Bearer {self.access_token}"} if self.access_token else {}

    @property
    def uses_session(self) -> bool:
        return not self.api_key and (self.password is not None or self.refresh_token is not None)

    # ---- requests ---------------------------------------------------------------------------------------------
    def request(
        self,
        method: str,
        path: str,
        query: Query = None,
        body: Any = None,
        headers: Optional[Dict[str, str]] = None,
        auth: bool = True,
    ) -> Any:
        """The decoded JSON answer (None for 204). Raises an OctopusError subclass on a 4xx/5xx."""
        hdrs = dict(headers or {})
        idempotent = method in ("GET", "HEAD", "PUT", "DELETE", "OPTIONS") or any(
            k.lower() == "idempotency-key" for k in hdrs
        )
        # PUT here is the portfolio update (idempotent by content) and the order cancel (a second cancel is a 409,
        # so a retry after a lost answer fails loudly instead of doing anything twice).
        if auth:
            hdrs.update(self._auth_headers())
        try:
            return self._send(method, path, query, body, hdrs, idempotent)
        except AuthenticationError:
            if not (auth and self.uses_session):
                raise
            self.refresh()  # one refresh on a 401, then the same request once more
            hdrs.update(self._auth_headers())
            return self._send(method, path, query, body, hdrs, idempotent)

    def url(self, path: str, query: Query = None) -> str:
        url = self.base_url + path
        if query:
            pairs = [(k, _query_value(v)) for k, v in query.items() if v is not None]
            if pairs:
                url += "?" + urllib.parse.urlencode(pairs)
        return url

    def _send(
        self, method: str, path: str, query: Query, body: Any, headers: Dict[str, str], idempotent: bool
    ) -> Any:
        url = self.url(path, query)
        data = None if body is None else json.dumps(body).encode("utf-8")
        hdrs = {"Accept": "application/json", "User-Agent": self.user_agent, **headers}
        if data is not None:
            hdrs["Content-Type"] = "application/json"
        attempt = 0
        while True:
            req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    return _decode(resp.read())
            except urllib.error.HTTPError as exc:
                status, raw, resp_headers = exc.code, exc.read(), exc.headers
                exc.close()
                retry_after = _retry_after(resp_headers.get("Retry-After"))
                err = error_from_response(status, _decode_lenient(raw), resp_headers.get("X-Request-Id"), retry_after)
                wait = self._retry_wait(status, retry_after, attempt, idempotent)
                if wait is None:
                    raise err from None
            except (urllib.error.URLError, socket.timeout, ConnectionError, TimeoutError) as exc:
                reason = getattr(exc, "reason", exc)
                err = NetworkError(0, "NetworkError", f"{method} {url}: {reason}")
                if not idempotent or attempt >= self.max_retries:
                    raise err from exc
                wait = self._backoff(attempt)
            attempt += 1
            self.sleep(wait)

    def _retry_wait(self, status: int, retry_after: Optional[float], attempt: int, idempotent: bool) -> Optional[float]:
        if attempt >= self.max_retries:
            return None
        if status == 429:
            # Refused before the handler ran (the rate-limit guard), so any method may be retried.
            if retry_after is None:
                return self._backoff(attempt)
            return retry_after if retry_after <= self.max_retry_after else None
        if status in (502, 503, 504) and idempotent:
            if retry_after is not None and retry_after <= self.max_retry_after:
                return retry_after
            return self._backoff(attempt)
        return None

    def _backoff(self, attempt: int) -> float:
        return random.uniform(0, self.backoff * (2**attempt))  # full jitter


def _query_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return ",".join(str(x) for x in v)
    return str(v)


def _retry_after(value: Optional[str]) -> Optional[float]:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _decode(raw: bytes) -> Any:
    if not raw:
        return None
    return json.loads(raw.decode("utf-8"))


def _decode_lenient(raw: bytes) -> Any:
    try:
        return _decode(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")


__all__: Tuple[str, ...] = ("Transport", "OctopusError")
