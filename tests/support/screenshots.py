"""The README's pictures of the review desk, taken in headless Chromium on a copy of the seed.

    python -m tests.support.screenshots docs/desk

One segment's approved English is taken out of the copy's translation file, so the desk shows
it open, with its memory matches; a wrong figure is typed to show a finding.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.support import GLOSSARY, SEED
from tests.support import browser as chromium

OPEN = "sa74d297cc4"  # 2020年，株洲成功获批全国信息消费示范城市。


def workspace(folder: Path) -> Path:
    for path in SEED.parent.glob("zhuzhou-2020.*"):
        if path.is_file():
            shutil.copy(path, folder / path.name)
    shutil.copytree(GLOSSARY, folder / "glossary")
    xlf = folder / "zhuzhou-2020.en.xlf"
    text = re.sub(
        rf'(<trans-unit[^>]*id="{OPEN}") approved="yes">(\s*<source>[^<]*</source>)\s*<target[^>]*>[^<]*</target>',
        r"\1>\2",
        xlf.read_text("utf-8"),
    )
    xlf.write_text(text, "utf-8")
    from publisher.stores.tm import Pair, tmx_bytes

    earlier = Pair(
        "2019年，株洲成功获批全国信息消费示范城市。",
        "In 2019, Zhuzhou was approved as a national information consumption demonstration city.",
        "earlier.tmx",
    )
    (folder / "tm").mkdir()
    (folder / "tm" / "earlier.tmx").write_bytes(tmx_bytes([earlier]))
    return folder / SEED.name


def save(d, path: Path) -> None:
    """A screenshot, in a palette of 192 colours (a third of the size, the text as sharp)."""
    from PIL import Image

    d.save_screenshot(str(path))
    Image.open(path).convert("RGB").quantize(colors=192).save(path, optimize=True)


def main(out: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = workspace(Path(tmp))
        proc = subprocess.Popen(
            [sys.executable, "-m", "publisher", "desk", source.name, "--port", "0"],
            cwd=source.parent,
            stdout=subprocess.PIPE,
            text=True,
        )
        url = re.search(r"http://127\.0\.0\.1:\d+/", proc.stdout.readline() if proc.stdout else "")
        assert url
        d = chromium.chromium()
        try:
            wait = WebDriverWait(d, 120)
            d.get(url.group())
            wait.until(lambda _: d.execute_script("return document.body.dataset.ready") == "yes")
            d.find_element(By.CSS_SELECTOR, f'#list .seg[data-id="{OPEN}"]').click()
            area = d.find_element(By.CSS_SELECTOR, "#en")
            area.send_keys("In 2021, Zhuzhou became a national information consumption model city.")
            wait.until(lambda _: d.find_elements(By.CSS_SELECTOR, "#findings li.f-error"))
            shown = "const i = document.querySelector('#page-image'); return !!(i && i.complete && i.naturalWidth > 0)"
            wait.until(lambda _: d.execute_script(shown))
            time.sleep(0.5)
            save(d, out / "desk-finding.png")
            Select(d.find_element(By.CSS_SELECTOR, "#f-state")).select_by_value("")
            d.find_element(By.CSS_SELECTOR, "#f-text").send_keys("株洲")
            d.find_element(By.CSS_SELECTOR, '.tabs [data-tab="traditional"]').click()
            d.find_elements(By.CSS_SELECTOR, "#list .seg")[2].click()
            time.sleep(1.0)
            save(d, out / "desk-glossary.png")
            d.find_element(By.CSS_SELECTOR, '.tabs [data-tab="queries"]').click()
            time.sleep(0.5)
            save(d, out / "desk-queries.png")
        finally:
            chromium.close(d)
            proc.send_signal(signal.SIGINT)
            proc.communicate(timeout=30)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/desk"))
