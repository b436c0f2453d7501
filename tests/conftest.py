"""Session fixtures shared by both tiers: the seed prepared once, built once, one tiny model.

tests/unit/ is the fast tier; everything under tests/e2e/ is marked `slow` here (end-to-end
builds, PDFs read back, model builds and runs): `pytest -m "not slow"` runs the fast tier.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support import GLOSSARY, SEED, TINY_MODEL, seed_sentences
from tests.support.cli import argos_env, run_cli

E2E = Path(__file__).parent / "e2e"
# What argostranslate.settings reads when it is imported.
ARGOS_VARIABLES = (
    "HOME",
    "XDG_DATA_HOME",
    "XDG_CONFIG_HOME",
    "XDG_CACHE_HOME",
    "ARGOS_PACKAGES_DIR",
)


def pytest_collection_modifyitems(items):
    for item in items:
        if E2E in item.path.parents:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session", autouse=True)
def private_argos_settings(tmp_path_factory):
    """argostranslate.settings, imported in this process, keeps its folders in a private home.

    It reads HOME and XDG_* once, at import, creating folders there and reading settings.json;
    imported first here, every in-process use of argostranslate leaves the user's folders alone.
    """
    home = tmp_path_factory.mktemp("argos-settings")
    saved = {k: os.environ.get(k) for k in ARGOS_VARIABLES}
    private = argos_env(home)
    os.environ.update({k: private[k] for k in ARGOS_VARIABLES})
    try:
        import argostranslate.settings  # noqa: F401
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory, private_argos_settings):
    """The program's caches (jieba's words, kept check results) in a folder of the session's."""
    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if saved is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = saved


@pytest.fixture
def write_tsv(tmp_path):
    """Write a small glossary folder from rows of (id, zh-Hans, zh-Hant, en)."""

    def write(rows, header="id\tzh-Hans\tzh-Hant\ten"):
        folder = tmp_path / "glossary"
        folder.mkdir(exist_ok=True)
        lines = [header] + ["\t".join(r) for r in rows]
        (folder / "terms.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        return folder

    return write


@pytest.fixture(scope="session")
def seed_glossary():
    """The shipped glossary, loaded once."""
    from publisher.stores import tsv

    return tsv.load(GLOSSARY)


@pytest.fixture(scope="session")
def seed_prepared(seed_glossary):
    """The seed read, segmented, given its approved English and converted, once (no MT, no PDF)."""
    from publisher.config import BuildConfig
    from publisher.pipeline import prepare

    return prepare(
        BuildConfig(source=SEED, glossary_dir=GLOSSARY, machine=False), terms=seed_glossary
    )


@pytest.fixture(scope="session")
def seed_report(seed_prepared, seed_glossary):
    """The QA report of the prepared seed."""
    from publisher import check

    return check.run(seed_prepared.doc, seed_glossary)


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """The seed built once, both editions, with its approved translation."""
    from publisher.config import BuildConfig
    from publisher.pipeline import build

    out = tmp_path_factory.mktemp("out")
    return build(BuildConfig(source=SEED, out_dir=out, glossary_dir=GLOSSARY))


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    """The one tiny random-weight .argosmodel of the session (see TINY_MODEL)."""
    from tests.support.synthetic import build_package

    folder = tmp_path_factory.mktemp("model")
    return build_package(folder / "tiny.argosmodel", seed_sentences(), **TINY_MODEL)


@pytest.fixture(scope="session")
def argos_home(tmp_path_factory, tiny_model) -> Path:
    """An argostranslate home with the tiny model installed through `publisher model install`."""
    home = tmp_path_factory.mktemp("argos-home")
    done = run_cli(["model", "install", tiny_model], argos_env(home))
    assert done.returncode == 0, done.stderr
    return home
