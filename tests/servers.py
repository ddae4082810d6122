"""Real server processes for tests: a free port, a clean environment, and `serving`, which
runs a server until a block ends."""

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest
from django.conf import settings


def environment(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.pop("SECRET_KEY", None)
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(command, env: dict[str, str], log_path):
    """Run command(port), an HTTP server, until the block ends; yield once it answers."""
    port = free_port()
    with log_path.open("w") as log:
        server = subprocess.Popen(
            command(port), cwd=settings.BASE_DIR, env=env, stdout=log, stderr=log
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"{base_url}/healthz", timeout=2)  # noqa: S310
                    break
                except urllib.error.HTTPError:
                    break  # it answered, even if to say that something is down
                except OSError:
                    if server.poll() is not None:
                        pytest.fail(f"the server exited: {log_path.read_text()}")
                    if time.monotonic() > deadline:
                        pytest.fail("the server did not answer within 60 s")
                    time.sleep(0.5)
            yield base_url, port
        finally:
            server.terminate()
            server.wait(timeout=10)
