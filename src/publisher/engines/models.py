"""Model management: Argos Translate packages, installed with argostranslate's own installer."""

from __future__ import annotations

import json
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
        _check_members(path, archive)
    from argostranslate import package

    try:
        package.install_from_path(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ModelError(f"cannot install {path}: {exc}") from None
    return path.name


MAX_UNPACKED = 4 * 2**30  # bytes: the largest Argos models are well under 1 GB
MAX_RATIO = 200  # unpacked / packed: model weights do not compress a hundredfold
REQUIRED = ("package_version", "from_code", "to_code", "type")


def _check_members(path: Path, archive: zipfile.ZipFile) -> None:
    """Before anything is extracted: one top folder, no absolute or escaping member, a bounded
    size, and a metadata.json that is an Argos translation package's."""
    members = archive.infolist()
    names = [m.filename for m in members]
    bad = [n for n in names if n.startswith(("/", "\\")) or ".." in Path(n).parts or ":" in n]
    if bad:
        raise ModelError(f"{path}: refused, members outside the package: {', '.join(bad[:5])}")
    tops = {n.split("/", 1)[0] for n in names}
    if len(tops) != 1:
        raise ModelError(f"{path}: an Argos package holds one top folder, not {len(tops)}")
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if unpacked > MAX_UNPACKED or unpacked / packed > MAX_RATIO:
        raise ModelError(
            f"{path}: refused, it would unpack to {unpacked / 2**20:.0f} MiB "
            f"({unpacked / packed:.0f}× its size): not a model package"
        )
    meta = [n for n in names if n.count("/") == 1 and n.endswith("/metadata.json")]
    if not meta:
        raise ModelError(f"{path} has no metadata.json in its top folder; not an Argos package")
    try:
        data = json.loads(archive.read(meta[0]).decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelError(f"{path}: metadata.json is not JSON ({exc}); not installed") from None
    missing = [k for k in REQUIRED if not isinstance(data, dict) or k not in data]
    if missing or data.get("type", "translate") != "translate":
        raise ModelError(
            f"{path}: metadata.json lacks {', '.join(missing) or 'type translate'}; not installed"
        )


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
