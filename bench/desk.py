"""The review desk's speed on the seed: start-up, an edit's round trip with its checks, an approval.

Start-up is the time from launching `publisher desk` (a copy of the seed, port chosen by the
system) until its segment list answers; the round trip is one POST /api/check of an edited
segment (figures, terms, completeness, style re-run) over HTTP on 127.0.0.1, answer parsed;
the approval one POST /api/approve (merge, under the lock, atomic write). Medians of repeated
runs; the first edit of each desk warms caches and is not counted.

    python bench/desk.py [--starts 5] [--edits 40] [--preview]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "zhuzhou-2020.zh.md"
SEGMENT = "sa74d297cc4"  # 2020年，株洲成功获批全国信息消费示范城市。
EDITS = (
    "In 2021, Zhuzhou became a national information consumption demonstration city.",
    "In 2020, Zhuzhou became a national information consumption demonstration city.",
)


def workspace(folder: Path) -> Path:
    for path in SEED.parent.glob("zhuzhou-2020.*"):
        if path.is_file():
            shutil.copy(path, folder / path.name)
    shutil.copytree(ROOT / "glossary", folder / "glossary")
    return folder / SEED.name


def get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=60) as answer:
        return json.loads(answer.read())


def post(url: str, body: dict, token: str) -> dict:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "X-Desk-Token": token},
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.loads(answer.read())


def start(source: Path, preview: bool) -> tuple[subprocess.Popen, str, float]:
    """A desk process, its URL, and the seconds until its segment list answered."""
    args = [sys.executable, "-m", "publisher", "desk", source.name, "--port", "0"]
    began = time.perf_counter()
    proc = subprocess.Popen(
        [*args, *([] if preview else ["--no-preview"])],
        cwd=source.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline() if proc.stdout else ""
    found = re.search(r"http://127\.0\.0\.1:\d+/", line)
    if not found:
        proc.kill()
        raise SystemExit(
            f"the desk did not start: {line}{proc.stderr.read() if proc.stderr else ''}"
        )
    url = found.group()
    try:
        get(url + "api/segments")
    except BaseException:
        stop(proc)  # never left running
        raise
    return proc, url, time.perf_counter() - began


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=30)


def measure(url: str, checks: list[float], approvals: list[float], edits: int) -> None:
    """Edits of one segment alternating a wrong and a right figure, then approvals."""
    with urllib.request.urlopen(url, timeout=60) as page:
        token = re.search(r'name="desk-token" content="([^"]+)"', page.read().decode())
    assert token
    key = token.group(1)
    post(url + "api/check", {"id": SEGMENT, "en": EDITS[0]}, key)  # warm
    for i in range(edits):
        t = time.perf_counter()
        found = post(url + "api/check", {"id": SEGMENT, "en": EDITS[i % 2]}, key)
        checks.append(time.perf_counter() - t)
        assert bool(found["findings"]) == (i % 2 == 0), found
    for i in range(min(10, edits)):
        segments = get(url + "api/segments")["segments"]
        base = next(s["base"] for s in segments if s["id"] == SEGMENT)
        t = time.perf_counter()
        body = {"id": SEGMENT, "en": EDITS[1] + " " * (i % 2), "base": base}
        post(url + "api/approve", body, key)
        approvals.append(time.perf_counter() - t)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--preview", action="store_true", help="with the page preview rendering")
    args = parser.parse_args()
    starts, checks, approvals = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        source = workspace(Path(tmp))
        for n in range(args.starts):
            proc, url, seconds = start(source, args.preview)
            starts.append(seconds)
            try:
                if n == 0:
                    measure(url, checks, approvals, args.edits)
            finally:
                stop(proc)
    ms = lambda xs: f"{statistics.median(xs) * 1000:.0f} ms"  # noqa: E731
    print(
        f"desk start-up (launch to segment list), median of {len(starts)}: "
        f"{statistics.median(starts):.2f} s  (target < 2 s; min {min(starts):.2f}, max {max(starts):.2f})"
    )
    print(
        f"edit round trip with its checks, median of {len(checks)}: {ms(checks)}  (target < 200 ms)"
    )
    print(
        f"approval through the merge (lock, atomic write), median of {len(approvals)}: {ms(approvals)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
