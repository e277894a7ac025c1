"""Starts real Octopus servers (`node dist/src/main`) on fresh databases of the local PostgreSQL.

Environment: OCTOPUS_PG_URL (default postgresql://postgres@127.0.0.1:5432), NODE (default `node`).
The repository must be built (`npm run build`); set OCTOPUS_TEST_URL to use a running server instead
(the rate-limit test is then skipped).
"""
import os
import socket
import subprocess
import threading
import time
import uuid
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import pytest

from octopus_trading import OctopusClient

ROOT = Path(__file__).resolve().parents[3]
PG = os.environ.get("OCTOPUS_PG_URL", "postgresql://postgres@127.0.0.1:5432")
JWT_SECRET = "python-sdk-test-secret-that-is-at-least-32-characters"
PASSWORD = "correct horse battery"


def _psql(sql: str) -> None:
    subprocess.run(["psql", f"{PG}/postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True, capture_output=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, extra_env: Optional[Dict[str, str]] = None) -> None:
        self.db = f"octopus_py_{uuid.uuid4().hex[:12]}"
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.output: List[str] = []
        _psql(f'CREATE DATABASE "{self.db}"')
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": os.environ.get("HOME", "/tmp"),
            "TZ": "UTC",
            "NODE_ENV": "production",
            "DATABASE_URL": f"{PG}/{self.db}",
            "JWT_SECRET": JWT_SECRET,
            "RATE_LIMIT_ENABLED": "false",
            "LOG_LEVEL": "warn",
            "ARGON2_MEMORY_KIB": "1024",
            "ARGON2_TIME_COST": "1",
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "TRADING_HOURS": "always",
            **(extra_env or {}),
        }
        self.proc = subprocess.Popen(
            [os.environ.get("NODE", "node"), str(ROOT / "dist" / "src" / "main.js")],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        ready = threading.Event()

        def pump() -> None:
            assert self.proc.stdout is not None
            for line in self.proc.stdout:
                self.output.append(line)
                if "Octopus listening on" in line:
                    ready.set()

        threading.Thread(target=pump, daemon=True).start()
        deadline = time.monotonic() + 90
        while not ready.wait(0.1):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("server did not start:\n" + "".join(self.output))

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        _psql(f'DROP DATABASE IF EXISTS "{self.db}" WITH (FORCE)')


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    if os.environ.get("OCTOPUS_TEST_URL"):
        yield os.environ["OCTOPUS_TEST_URL"].rstrip("/")
        return
    if not (ROOT / "dist" / "src" / "main.js").exists():
        pytest.fail("dist/src/main.js is missing: run `npm run build` at the repository root")
    server = Server()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def limited_server_url() -> Iterator[str]:
    """A second server with rate limiting on and a burst of 5 requests per 10 s."""
    if os.environ.get("OCTOPUS_TEST_URL"):
        pytest.skip("needs a server the tests start")
    server = Server({"RATE_LIMIT_ENABLED": "true", "RATE_LIMIT_BURST": "5", "RATE_LIMIT_PER_MINUTE": "1000"})
    try:
        yield server.url
    finally:
        server.stop()


def new_user(base_url: str) -> Dict[str, str]:
    email = f"py-{uuid.uuid4().hex[:10]}@example.com"
    OctopusClient(base_url=base_url).auth.register(email=email, password=PASSWORD, first_name="Py")
    return {"email": email, "password": PASSWORD}


@pytest.fixture(scope="session")
def user(server_url: str) -> Dict[str, str]:
    return new_user(server_url)


@pytest.fixture(scope="session")
def password_client(server_url: str, user: Dict[str, str]) -> OctopusClient:
    return OctopusClient(base_url=server_url, email=user["email"], password=user["password"])


@pytest.fixture(scope="session")
def api_key(password_client: OctopusClient) -> str:
    key = password_client.auth.create_api_key("pytest")
    assert key.key and key.key.startswith("ok_")
    return key.key


@pytest.fixture(scope="session")
def client(server_url: str, api_key: str) -> OctopusClient:
    return OctopusClient(base_url=server_url, api_key=api_key)
