"""Python client for the Octopus trading platform API."""
from . import models
from .client import OctopusClient
from .errors import (
    AuthenticationError,
    ConflictError,
    ForbiddenError,
    NetworkError,
    NotFoundError,
    OctopusError,
    RateLimitError,
    ServiceUnavailableError,
    ValidationError,
)

__version__ = "0.1.0"

__all__ = [
    "OctopusClient",
    "OctopusError",
    "AuthenticationError",
    "ForbiddenError",
    "NotFoundError",
    "ConflictError",
    "ValidationError",
    "RateLimitError",
    "ServiceUnavailableError",
    "NetworkError",
    "models",
    "__version__",
]
