"""Typed errors: every error body of the API is `{error, message, details, timestamp, request_id}`."""
from typing import Any, Dict, Optional, Type


class OctopusError(Exception):
    """An error answered by the API (or, with status 0, a network failure or timeout)."""

    def __init__(
        self,
        status: int,
        error: str,
        message: str,
        details: Optional[Dict[str, Any]] = None,
        request_id: Optional[str] = None,
        retry_after: Optional[float] = None,
    ) -> None:
        super().__init__(f"{status} {error}: {message}" + (f" (request {request_id})" if request_id else ""))
        self.status = status
        self.error = error
        self.message = message
        self.details = details
        self.request_id = request_id
        self.retry_after = retry_after


class AuthenticationError(OctopusError):
    """401: missing, invalid or expired credentials."""


class ForbiddenError(OctopusError):
    """403: e.g. an API key without the scope the operation needs (`details["missing_scope"]`)."""


class NotFoundError(OctopusError):
    """404."""


class ConflictError(OctopusError):
    """409: EmailTaken, IdempotencyKeyReuse, RequestInProgress, OrderNotCancelable, …"""


class ValidationError(OctopusError):
    """422: ValidationError (`details["errors"]`), UnknownSymbol, InsufficientFunds, …"""


class RateLimitError(OctopusError):
    """429 after the retries were used up (`retry_after` seconds until one may succeed)."""


class ServiceUnavailableError(OctopusError):
    """503 after the retries were used up."""


class NetworkError(OctopusError):
    """No HTTP answer: connection refused or reset, or the timeout passed (status 0)."""


_BY_STATUS: Dict[int, Type[OctopusError]] = {
    401: AuthenticationError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    422: ValidationError,
    429: RateLimitError,
    503: ServiceUnavailableError,
}


def error_from_response(status: int, body: Any, request_id: Optional[str], retry_after: Optional[float]) -> OctopusError:
    cls = _BY_STATUS.get(status, OctopusError)
    if isinstance(body, dict):
        details = body.get("details")
        return cls(
            status,
            str(body.get("error") or "HttpError"),
            str(body.get("message") or ""),
            details if isinstance(details, dict) else None,
            body.get("request_id") or request_id,
            retry_after,
        )
    return cls(status, "HttpError", str(body or "")[:500], None, request_id, retry_after)
