"""The review desk in a real headless Chromium: filter, edit with live checks, approve through the
merge, two sessions on one report, hostile text shown as text, the page preview.

One desk (a `publisher desk` process over a copy of the seed, with the tiny Argos model for
machine drafts) and one browser serve the module; the tests run in order on them.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys

import pytest

from tests.support import GLOSSARY, SEED
from tests.support import browser as chromium
from tests.support.cli import argos_env

pytestmark = pytest.mark.skipif(not chromium.available(), reason="needs chromium, chromium-driver")

DRAFTED = (
    "sa74d297cc4"  # 2020年，株洲成功获批全国信息消费示范城市。 its target removed: a machine draft
)
CONTESTED = "s50c4fc0810"  # 目前，我市已拥有9个国家智能制造示范车间…: two sessions edit it
FIXED = "In 2020, Zhuzhou became a national information consumption demonstration city."
HOSTILE_ID = "s57b7c84f8c"
HOSTILE = (
    '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> javascript:alert(1)'
)


def units(path):
    from publisher.stores import xliff

    return {u.id: u for u in xliff.units_of(xliff.parse(path.read_bytes()))}


def _without(text: str, sid: str) -> str:
    """The file's text without one unit and the tool header the merge writes: byte for byte
    what the other units were."""
    text = re.sub(r"\s*<header>.*?</header>", "", text, flags=re.S)
    return re.sub(rf'\s*<trans-unit[^>]*id="{sid}".*?</trans-unit>', "", text, flags=re.S)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A copy of the seed, its translation file (one target removed, one hostile), glossary and
    sidecars: the repository's seed is never touched."""
    folder = tmp_path_factory.mktemp("desk")
    for path in SEED.parent.glob(f"{SEED.name.split('.')[0]}.*"):
        if path.is_file():
            shutil.copy(path, folder / path.name)
    shutil.copytree(GLOSSARY, folder / "glossary")
    xlf = folder / "zhuzhou-2020.en.xlf"
    text = xlf.read_text("utf-8")
    text, n = re.subn(
        rf'(<trans-unit[^>]*id="{DRAFTED}") approved="yes">(\s*<source>[^<]*</source>)\s*<target[^>]*>[^<]*</target>',
        r"\1>\2",
        text,
    )
    assert n == 1
    text, n = re.subn(
        rf'(id="{HOSTILE_ID}"[^>]*>\s*<source>[^<]*</source>\s*<target state="final">)[^<]*',
        lambda m: (
            m.group(1) + HOSTILE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        ),
        text,
    )
    assert n == 1
    xlf.write_text(text, "utf-8")
    return folder


@pytest.fixture(scope="module")
def desk(workspace, argos_home):
    """`publisher desk` on the copy, port chosen by the system; its URL."""
    env = {**argos_env(argos_home), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "publisher",
            "desk",
            "zhuzhou-2020.zh.md",
            "--port",
            "0",
            "--glossary",
            "glossary",
        ],
        cwd=workspace,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:\d+/", line)
    assert found, line + proc.stderr.read()
    yield found.group()
    proc.send_signal(signal.SIGINT)  # Ctrl-C
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert "review desk stopped" in out


@pytest.fixture(scope="module")
def driver():
    d = chromium.chromium()
    yield d
    chromium.close(d)


def wait(d, condition, timeout=30.0):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(d, timeout).until(lambda _: condition())


def css(d, selector):
    from selenium.webdriver.common.by import By

    return d.find_elements(By.CSS_SELECTOR, selector)


def open_desk(d, url):
    d.get(url)
    wait(d, lambda: d.execute_script("return document.body.dataset.ready") == "yes")


def type_english(d, text):
    from selenium.webdriver.common.keys import Keys

    area = css(d, "#en")[0]
    area.send_keys(Keys.CONTROL, "a")
    area.send_keys(Keys.DELETE)
    area.send_keys(text)
    return area


def texts(d, selector):
    """The text of every element matching selector, read at once (the page redraws as it goes)."""
    script = "return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent)"
    return d.execute_script(script, selector)


def findings(d):
    return texts(d, "#findings li")


def test_machine_draft_edited_checked_and_approved(driver, desk, workspace):
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    xlf = workspace / "zhuzhou-2020.en.xlf"
    before, before_text = units(xlf), xlf.read_text("utf-8")
    open_desk(driver, desk)
    Select(css(driver, "#f-state")[0]).select_by_value("machine")
    wait(
        driver, lambda: [e.get_attribute("data-id") for e in css(driver, "#list .seg")] == [DRAFTED]
    )
    css(driver, f'#list .seg[data-id="{DRAFTED}"]')[0].click()
    wait(driver, lambda: "machine" in " ".join(texts(driver, "#editor .head")))
    wait(
        driver, lambda: any("machine draft" in t for t in texts(driver, "#alts li"))
    )  # offered to take

    type_english(
        driver,
        "In 2021, Zhuzhou was approved as a national information consumption demonstration city.",
    )
    wait(driver, lambda: any("numbers" in f and "2020" in f for f in findings(driver)))
    area = type_english(driver, FIXED)
    wait(driver, lambda: not any(f.startswith("numbers") for f in findings(driver)))
    area.send_keys(Keys.CONTROL, Keys.ENTER)
    wait(driver, lambda: "approved" in " ".join(texts(driver, "#toast")))

    after = units(xlf)
    assert after[DRAFTED].target == FIXED
    assert after[DRAFTED].state == "final" and after[DRAFTED].approved
    assert set(after) == set(before)
    for uid, unit in before.items():
        if uid != DRAFTED:
            assert after[uid] == unit, uid  # every other unit as it was: target, state, notes
    assert _without(xlf.read_text("utf-8"), DRAFTED) == _without(before_text, DRAFTED)


def test_two_sessions_never_lose_an_edit(driver, desk, workspace):
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    xlf = workspace / "zhuzhou-2020.en.xlf"
    first = driver.current_window_handle
    open_desk(driver, desk)
    driver.switch_to.new_window("tab")
    second = driver.current_window_handle
    open_desk(driver, desk)  # both pages now show the unit as it is
    for handle, text in (
        (
            first,
            "Zhuzhou now has 9 national smart-manufacturing demonstration workshops and 15 provincial demonstration enterprises.",
        ),
        (second, "Today the city has 9 national and 15 provincial smart-manufacturing showcases."),
    ):
        driver.switch_to.window(handle)
        Select(css(driver, "#f-state")[0]).select_by_value("")
        css(driver, "#f-text")[0].send_keys(CONTESTED)
        wait(driver, lambda: len(css(driver, "#list .seg")) == 1)
        css(driver, "#list .seg")[0].click()
        wait(driver, lambda: CONTESTED in " ".join(texts(driver, "#editor .head")))
        type_english(driver, text).send_keys(Keys.CONTROL, Keys.ENTER)
        if handle == first:
            wait(driver, lambda: "approved" in " ".join(texts(driver, "#toast")))
    wait(driver, lambda: css(driver, ".conflict"))  # the second is told, not written
    assert "changed" in " ".join(texts(driver, ".conflict"))
    assert units(xlf)[CONTESTED].target.startswith("Zhuzhou now has 9 national")
    chosen = driver.execute_script(
        "const b = [...document.querySelectorAll('.conflict button')]"
        ".find((b) => b.textContent.startsWith('Approve mine')); b.click(); return !!b"
    )
    assert chosen  # an explicit choice over the other edit
    wait(driver, lambda: units(xlf)[CONTESTED].target.startswith("Today the city"))
    driver.close()
    driver.switch_to.window(first)


def test_hostile_target_is_text(driver, desk):
    from selenium.webdriver.support.ui import Select

    open_desk(driver, desk)
    Select(css(driver, "#f-state")[0]).select_by_value("")
    css(driver, "#f-text")[0].send_keys("onerror")
    wait(driver, lambda: len(css(driver, "#list .seg")) == 1)
    (shown,) = texts(driver, "#list .seg .en")
    assert "<script>window.__pwned=2</script>" in shown
    assert driver.execute_script("return window.__pwned") is None
    assert not css(driver, "#list img, #list script, #list a")
    fetched = driver.execute_script(
        "return performance.getEntriesByType('resource').map((e) => e.name)"
    )
    assert fetched and all(url.startswith(desk) for url in fetched)  # nothing from outside


def test_page_preview_shows_the_segment_page(driver, desk):
    open_desk(driver, desk)
    css(driver, "#list .seg")[0].click()
    shown = "const i = document.querySelector('#page-image'); return !!(i && i.complete && i.naturalWidth > 0)"
    try:
        wait(driver, lambda: driver.execute_script(shown), timeout=120)
    except Exception:
        pytest.fail(f"no page preview: {texts(driver, '#tab-page')}")
    assert re.search(r"page \d+ of \d+", " ".join(texts(driver, ".page-head")))


SELECT = """
const zh = document.querySelector('#zh');
const walker = document.createTreeWalker(zh, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const at = node.textContent.indexOf(arguments[0]);
  if (at >= 0) {
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + arguments[0].length);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return true;
  }
}
return false;
"""


def test_a_term_from_the_selection_and_a_traditional_decision(driver, desk, workspace):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    open_desk(driver, desk)
    Select(css(driver, "#f-state")[0]).select_by_value("")
    css(driver, "#f-text")[0].send_keys(DRAFTED)
    wait(driver, lambda: len(css(driver, "#list .seg")) == 1)
    css(driver, "#list .seg")[0].click()
    wait(driver, lambda: DRAFTED in " ".join(texts(driver, "#editor .head")))
    assert driver.execute_script(SELECT, "获批")
    ActionChains(driver).key_down(Keys.ALT).send_keys("t").key_up(Keys.ALT).perform()
    wait(driver, lambda: css(driver, "#t-zh"))
    assert css(driver, "#t-zh")[0].get_attribute("value") == "获批"
    css(driver, "#t-en")[0].send_keys("approved as", Keys.ENTER)
    wait(driver, lambda: "added to terms.tsv" in " ".join(texts(driver, "#toast")))
    assert "\t获批\t\tapproved as\t" in (workspace / "glossary" / "terms.tsv").read_text("utf-8")

    css(driver, '.tabs [data-tab="traditional"]')[0].click()
    first = css(driver, "#tab-traditional .trad")[0]
    word = texts(driver, "#tab-traditional .trad .words span")[0]
    first.find_elements("css selector", ".trad-actions button")[0].click()  # accept OpenCC's
    wait(driver, lambda: "decided" in " ".join(texts(driver, "#toast")))
    lines = (workspace / "zhuzhou-2020.zh-Hant.tsv").read_text("utf-8").splitlines()
    assert lines[-1].startswith(f"{word}\t")
