"""The translation-file lock: a second writer waits, then stops with a message."""

import multiprocessing
from pathlib import Path

import pytest

from publisher.errors import OutputError
from publisher.files import locked


def _hold(path, ready, release):
    with locked(Path(path)):
        ready.set()
        release.wait(10)


def test_second_writer_waits_then_gets_the_lock(tmp_path):
    target = tmp_path / "r.en.xlf"
    ctx = multiprocessing.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold, args=(str(target), ready, release))
    holder.start()
    assert ready.wait(10)
    with pytest.raises(OutputError, match="another publisher process"):
        with locked(target, timeout=0.2):
            pass
    release.set()
    holder.join(10)
    with locked(target, timeout=1):
        assert not target.exists()
