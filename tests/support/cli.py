"""The command line in a subprocess with no network, and argostranslate kept in a private home."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# Prepended to subprocess scripts: any attempt to reach the network raises at once.
OFFLINE = """
import socket
def _offline(*args, **kwargs):
    raise OSError("network disabled by the test")
socket.getaddrinfo = socket.create_connection = socket.socket.connect = _offline
"""


def run_cli(args: list, env: dict[str, str], cwd: Path | None = None):
    """`publisher ARGS` in a subprocess with no network."""
    code = (
        OFFLINE
        + "import sys\nfrom publisher.cli import main\nraise SystemExit(main(sys.argv[1:]))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def argos_env(home: Path) -> dict[str, str]:
    """An environment whose argostranslate folders (read once, at import) all lie in home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARGOS_")}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        ARGOS_PACKAGES_DIR=str(home / "packages"),
    )
    return env
