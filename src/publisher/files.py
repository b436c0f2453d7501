"""Atomic file writes: a crash never leaves a half-written output, and modes stay as expected."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside target; rename it over target only on success.

    The result has the mode of the file it replaces, or else what the umask gives a new file
    (mkstemp alone would leave every output 0600). The temporary name carries the writer's
    process id, so one a killed build left behind is removed by the next write of the target.
    """
    import tempfile  # here, not at the top: `publisher --help` imports this module

    if target.is_dir():
        raise OutputError(f"cannot write {target}: it is a folder")
    if any(p.exists() and not p.is_dir() for p in target.parents):
        raise OutputError(f"cannot write {target}: {target.parent} is a file, not a folder")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _sweep(target)
        prefix = f".{target.name}.{os.getpid()}."
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror}") from None
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _sweep(target: Path) -> None:
    """Remove temporary files of target whose writing process is gone (killed mid-write)."""
    import glob

    for stray in target.parent.glob(f".{glob.escape(target.name)}.*.tmp*"):
        pid = stray.name[len(target.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            stray.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    """Whether the process runs (a zombie, killed and not yet reaped, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return f.read().rpartition(")")[2].split()[0] != "Z"
    except (OSError, IndexError):
        return True  # no /proc: the signal said it exists


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(target: Path, data: bytes | str) -> None:
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_path(target) as tmp:
        tmp.write_bytes(payload)


@contextmanager
def locked(target: Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold an exclusive lock on target for a read-modify-write, across processes.

    The lock is an flock on a hidden sidecar (`.NAME.lock`): the target itself is replaced by
    rename, so a lock on its inode would not hold. A second writer waits up to timeout seconds,
    then stops with a message instead of overwriting the first one's work.
    """
    import fcntl
    import time

    sidecar = target.with_name(f".{target.name}.lock")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(sidecar, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise OutputError(f"cannot lock {target}: {exc.strerror}") from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OutputError(
                        f"{target} is being written by another publisher process; "
                        "try again when it has finished"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing releases the lock
