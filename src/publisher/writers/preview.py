"""Page thumbnails and a contact sheet of each PDF, so an editor can review a build at a glance."""

from __future__ import annotations

import math
import shutil
import subprocess
from pathlib import Path

from ..errors import RenderError
from ..files import atomic_path

THUMB_DPI = 40
SHEET_COLUMNS = 6
GAP = 12  # pixels between thumbnails on the sheet


def write(pdf: Path, folder: Path) -> list[Path]:
    """Write <pdf stem>-NN.png for every page and <pdf stem>.contact.png; return their paths."""
    if shutil.which("pdftoppm") is None:
        raise RenderError("--preview needs pdftoppm (Debian package poppler-utils)")
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{pdf.stem}-*.png"):
        old.unlink()
    prefix = folder / pdf.stem
    done = subprocess.run(
        ["pdftoppm", "-r", str(THUMB_DPI), "-png", str(pdf), str(prefix)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RenderError(f"pdftoppm failed on {pdf}: {done.stderr.strip()}")
    pages = sorted(folder.glob(f"{pdf.stem}-*.png"))
    sheet = folder / f"{pdf.stem}.contact.png"
    _contact_sheet(pages, sheet)
    return [*pages, sheet]


def _contact_sheet(pages: list[Path], target: Path) -> None:
    from PIL import Image, ImageOps

    thumbs = [
        ImageOps.expand(Image.open(p).convert("RGB"), border=1, fill="#999999") for p in pages
    ]
    width = max(t.width for t in thumbs)
    height = max(t.height for t in thumbs)
    cols = min(SHEET_COLUMNS, len(thumbs))
    rows = math.ceil(len(thumbs) / cols)
    sheet = Image.new("RGB", (cols * (width + GAP) + GAP, rows * (height + GAP) + GAP), "#e8e6e1")
    for i, thumb in enumerate(thumbs):
        sheet.paste(thumb, (GAP + (i % cols) * (width + GAP), GAP + (i // cols) * (height + GAP)))
    with atomic_path(target) as tmp:
        sheet.save(tmp, format="PNG")
