"""The page preview: the Simplified–English edition typeset in another process after each change,
the page where a segment falls read from the laid-out boxes, one page drawn by pdftoppm.

The last good render stays on show while the next one runs; a failed render keeps it and says
why. Renders of a document version already superseded are skipped.
"""

from __future__ import annotations

import multiprocessing
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from ..config import EDITIONS, LayoutConfig
from ..document import Document, Segment
from ..text import han_only
from ..writers.pdf import Place

EDITION = "zh-Hans-en"
DPI = 90
KEY = 12  # Han characters of a segment's start that find its page by text
QUIET = 0.8  # seconds without a change before the page is set again


@dataclass
class Render:
    """One finished render: the document version it shows, its PDF, its segments' pages."""

    version: int
    pdf: Path
    pages: dict[str, Place] = field(default_factory=dict)
    images: dict[int, bytes] = field(default_factory=dict)


def typeset(doc: Document, target: Path) -> dict[str, Place]:
    """(In the render process) the edition's PDF at target; segment id -> its place."""
    from ..writers import pdf

    pages: dict[str, Place] = {}
    pdf.pdf(doc, EDITIONS[EDITION], target, LayoutConfig(draft=True), pages=pages)
    unplaced = [s for s in doc.segments() if s.id not in pages and han_only(s.zh)]
    if unplaced:  # the cover and the colophon print front-matter fields as they are
        pages.update(_by_text(target, unplaced))
    return pages


def _deaf() -> None:
    """(In the render process) Ctrl-C is the desk's to handle: it ends this process itself."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _by_text(pdf: Path, segments: list[Segment]) -> dict[str, Place]:
    """The first page whose text (pdftotext, Han characters only) holds a segment's start; the
    place has no box."""
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True)
    if done.returncode != 0:
        return {}
    pages = [han_only(t) for t in done.stdout.decode("utf-8", "replace").split("\f")]
    found = {}
    for seg in segments:
        key = han_only(seg.zh)[:KEY]
        page = next((n for n, text in enumerate(pages, start=1) if key in text), None)
        if page is not None:
            found[seg.id] = Place(page, 0.0, 0.0, 0.0, 0.0)
    return found


class Previewer:
    """Renders the latest document version in a worker process, one at a time."""

    def __init__(self, document: Callable[[], tuple[int, Document]]):
        self.document = document  # () -> (version, document)
        self.folder = Path(tempfile.mkdtemp(prefix="publisher-desk-"))
        self.last: Render | None = None
        self.error = ""
        self.busy = False
        self._wanted = threading.Event()
        self._lock = threading.Lock()
        self._stopped = False
        self._changed = 0.0
        self._pool: ProcessPoolExecutor | None = None
        self._thread = threading.Thread(target=self._loop, name="desk-preview", daemon=True)

    def start(self) -> None:
        self._pool = self._new_pool()
        self._thread.start()
        self.changed()

    @staticmethod
    def _new_pool() -> ProcessPoolExecutor:
        context = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(1, mp_context=context, initializer=_deaf)

    def changed(self) -> None:
        """The document changed: render it again once changes pause (QUIET seconds) and the
        current render is done."""
        self._changed = time.monotonic()
        self._wanted.set()

    def _loop(self) -> None:
        while not self._stopped:
            self._wanted.wait()
            self._wanted.clear()
            while time.monotonic() - self._changed < QUIET and not self._stopped:
                time.sleep(0.1)  # typing: wait for a pause
            if self._stopped or self._pool is None:
                return
            version, doc = self.document()
            if self.last is not None and self.last.version == version:
                continue
            target = self.folder / f"v{version}.pdf"
            self.busy = True
            try:
                pages = self._pool.submit(typeset, doc, target).result()
            except BrokenProcessPool:  # the render process died: the next render gets a new one
                self.error = "the page preview's render process stopped; it is started again"
                self._pool = self._new_pool()
                self._wanted.set()
            except Exception as exc:  # a failed render keeps the last good one on show
                self.error = f"the page preview could not be rendered: {exc}"
            else:
                with self._lock:  # not while a page of the old render is being drawn
                    old, self.last = self.last, Render(version, target, pages)
                    self.error = ""
                    if old is not None:
                        old.pdf.unlink(missing_ok=True)
            finally:
                self.busy = False

    def page_of(self, sid: str) -> tuple[Place, int] | None:
        """(place, version) of a segment in the last good render."""
        last = self.last
        if last is None or sid not in last.pages:
            return None
        return last.pages[sid], last.version

    def image(self, page: int) -> bytes | None:
        """The PNG of one page of the last good render."""
        with self._lock:
            last = self.last
            if last is None or not 1 <= page <= _count(last):
                return None
            if page in last.images:
                return last.images[page]
            if shutil.which("pdftoppm") is None:
                return None
            prefix = self.folder / f"v{last.version}-p{page}"
            done = subprocess.run(
                [
                    "pdftoppm",
                    "-f",
                    str(page),
                    "-l",
                    str(page),
                    "-r",
                    str(DPI),
                    "-png",
                    "-singlefile",
                    str(last.pdf),
                    str(prefix),
                ],
                capture_output=True,
            )
            png = prefix.with_suffix(".png")
            if done.returncode != 0 or not png.exists():
                return None
            last.images[page] = png.read_bytes()
            png.unlink()
            return last.images[page]

    def status(self) -> dict:
        last = self.last
        return {
            "version": last.version if last else None,
            "pages": _count(last) if last else 0,
            "busy": self.busy,
            "error": self.error,
        }

    def stop(self) -> None:
        self._stopped = True
        self._wanted.set()
        if self._pool is not None:
            workers = list((getattr(self._pool, "_processes", None) or {}).values())
            self._pool.shutdown(wait=False, cancel_futures=True)
            for proc in workers:  # a render under way is not waited for
                proc.terminate()
        shutil.rmtree(self.folder, ignore_errors=True)


def _count(render: Render) -> int:
    """The pages a render's segments fall on (the last one holding a segment)."""
    return max((p.page for p in render.pages.values()), default=0)
