"""Model management: Argos Translate packages, installed with argostranslate's own installer."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from ..errors import ModelError


def packages_dir() -> Path:
    """Where argostranslate keeps packages: ARGOS_PACKAGES_DIR, else its own default."""
    from argostranslate import settings

    return Path(os.environ.get("ARGOS_PACKAGES_DIR") or settings.package_data_dir)


def installed_packages(folder: Path | None = None) -> list:
    from argostranslate import package

    folder = folder or packages_dir()
    if not folder.is_dir():
        return []
    try:
        return [p for p in package.get_installed_packages([folder]) if p.type == "translate"]
    except (OSError, ValueError) as exc:
        raise ModelError(f"a package in {folder} is broken ({exc}); reinstall it") from None


def find_package(from_code: str = "zh", to_code: str = "en", folder: Path | None = None):
    """The newest installed package for the language pair, or None."""
    from packaging.version import InvalidVersion, Version

    def version(p) -> Version:
        try:
            return Version(p.package_version)
        except InvalidVersion:
            return Version("0")

    found = [
        p for p in installed_packages(folder) if (p.from_code, p.to_code) == (from_code, to_code)
    ]
    return max(found, key=version, default=None)


def listing() -> list[str]:
    return [
        f"{p.from_code}→{p.to_code}  {p.package_version:<8} {p.from_name}→{p.to_name}  {p.package_path}"
        for p in installed_packages()
    ]


def install_file(path: Path) -> str:
    """Install a .argosmodel file; refuse anything that is not a translation package."""
    if not path.is_file():
        raise ModelError(f"{path}: no such file")
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path} is not an Argos package (.argosmodel files are zip archives)")
    with zipfile.ZipFile(path) as archive:
        if not any(
            name.count("/") == 1 and name.endswith("/metadata.json") for name in archive.namelist()
        ):
            raise ModelError(f"{path} has no metadata.json in its top folder; not an Argos package")
    from argostranslate import package

    try:
        package.install_from_path(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ModelError(f"cannot install {path}: {exc}") from None
    return path.name


def install_from_index(from_code: str, to_code: str) -> str:
    """Download and install from the Argos package index (needs network)."""
    from argostranslate import package, settings

    try:
        package.update_package_index()  # logs and returns on failure instead of raising
        available = (
            package.get_available_packages() if settings.local_package_index.exists() else None
        )
    except Exception:  # noqa: BLE001 - argostranslate raises anything from urllib
        available = None
    if available is None:
        raise ModelError(
            "cannot reach the Argos package index (no network?); "
            "copy a .argosmodel file here and run `publisher model install FILE`"
        )
    match = [p for p in available if (p.from_code, p.to_code) == (from_code, to_code)]
    if not match:
        raise ModelError(f"the Argos index has no {from_code}→{to_code} package")
    try:
        downloaded = match[0].download()
    except Exception as exc:  # noqa: BLE001
        raise ModelError(f"download failed: {exc}") from None
    return install_file(Path(downloaded))
