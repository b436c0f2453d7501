"""Headless Chromium (Debian chromium + chromium-driver) driven by Selenium, never downloading:
the driver and the browser are the system's, named explicitly (no Selenium Manager)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1500,940",
)


def available() -> bool:
    return CHROMEDRIVER.exists() and CHROMIUM.exists()


def chromium(profile: Path | None = None):
    """A new headless Chromium with a fresh profile; quit() it (and remove the profile) after."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    folder = profile or Path(tempfile.mkdtemp(prefix="desk-chromium-"))
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={folder}")
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.profile_dir = folder  # type: ignore[attr-defined]
    return driver


def close(driver) -> None:
    folder = getattr(driver, "profile_dir", None)
    driver.quit()
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
