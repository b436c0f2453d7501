"""The random-weight Argos package of tests.support.synthetic, installed and run offline.

argostranslate 1.11 reads ARGOS_PACKAGES_DIR once, when ``argostranslate.settings`` is first
imported (``package_data_dir`` and ``package_dirs`` are module globals), and that import also
creates data, config and cache folders under $HOME/XDG_* and reads settings.json from there;
so every argostranslate call here runs in a subprocess whose HOME, XDG_* and ARGOS_PACKAGES_DIR
point into tmp_path, and the user's own folders are never touched.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from tests.support import TINY_MODEL, seed_sentences
from tests.support.cli import OFFLINE, argos_env
from tests.support.synthetic import build_package, package_dir_name

pytestmark = pytest.mark.slow
PACKAGE = package_dir_name("zh", "en", TINY_MODEL["version"])
SENTENCES = ["株洲市工信局全力打造中国动力谷", "这5年,奋进的株洲栉风沐雨", "产业生态在优化"]

LIST = """
import json
from argostranslate import package
print(json.dumps([
    {"from": p.from_code, "to": p.to_code, "type": p.type, "path": str(p.package_path)}
    for p in package.get_installed_packages()
]))
"""

# argostranslate's default sentencizer for a package without a minisbd/ or stanza/ folder is
# MiniSBDSentencizer, which downloads an ONNX model on first use; replace its one method.
TRANSLATE_WITH_TRIVIAL_SENTENCIZER = """
import json
from argostranslate import sbd, translate
sbd.MiniSBDSentencizer.split_sentences = lambda self, text: [text]
print(json.dumps({"translation": translate.translate("株洲市工信局全力打造中国动力谷。", "zh", "en")}))
"""

TRANSLATE_WITH_DEFAULT_SENTENCIZER = """
import json, urllib.request
urls = []
def record(url, *args, **kwargs):
    urls.append(url)
    raise OSError("offline")
urllib.request.urlretrieve = record
from argostranslate import translate
try:
    translate.translate("株洲市工信局全力打造中国动力谷。", "zh", "en")
    error = None
except Exception as exc:
    error = type(exc).__name__
print(json.dumps({"error": error, "urls": urls}))
"""


def run_argos(script: str, home: Path, *args: str) -> dict | list:
    """Run ``script`` offline with argostranslate's folders in ``home``; return its JSON."""
    env = argos_env(home)
    code = textwrap.dedent(OFFLINE) + textwrap.dedent(script)
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def home(argos_home) -> Path:
    """The session's argostranslate home, the EOS-suppressed int8 tiny package installed in it
    by `publisher model install` (which hands it to argostranslate's own installer)."""
    return argos_home


def test_package_installs_into_a_private_packages_dir(home):
    listing = run_argos(LIST, home)
    assert listing == [
        {"from": "zh", "to": "en", "type": "translate", "path": str(home / "packages" / PACKAGE)}
    ]
    assert sorted(q.name for q in (home / "packages" / PACKAGE).iterdir()) == [
        "metadata.json",
        "model",
        "sentencepiece.model",
    ]


def translate_three(model_root: Path, compute_type: str) -> list[list[str]]:
    """Decode three seed sentences with at most 8 target tokens each."""
    import ctranslate2
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(model_root / "sentencepiece.model"))
    translator = ctranslate2.Translator(
        str(model_root / "model"), device="cpu", compute_type=compute_type
    )
    batch = [sp.encode(s, out_type=str) for s in SENTENCES]
    return [r.hypotheses[0] for r in translator.translate_batch(batch, max_decoding_length=8)]


def test_suppressed_eos_decodes_to_max_length(home):
    root = home / "packages" / PACKAGE
    vocabulary = set(json.loads((root / "model" / "shared_vocabulary.json").read_text()))
    assert {"<unk>", "<s>", "</s>", "<blank>"} <= vocabulary
    hypotheses = translate_three(root, "int8")
    assert [len(h) for h in hypotheses] == [8, 8, 8]
    assert all(token in vocabulary for h in hypotheses for token in h)


def test_forced_eos_stops_at_min_decoding_length(tmp_path):
    # A model of its own: the opposite EOS bias, so every hypothesis ends as early as it may.
    model = build_package(tmp_path / "eos.argosmodel", seed_sentences(), eos_bias=1e4)
    zipfile.ZipFile(model).extractall(tmp_path)
    # translate_batch's min_decoding_length=1 forbids </s> as the very first token.
    eos_package = package_dir_name("zh", "en", "0.0.1")
    assert [len(h) for h in translate_three(tmp_path / eos_package, "default")] == [1, 1, 1]


def test_build_is_deterministic(tiny_model, tmp_path):
    # One more build with the session model's arguments must give the same bytes.
    first, second = (
        zipfile.ZipFile(tiny_model),
        zipfile.ZipFile(
            build_package(tmp_path / "again.argosmodel", seed_sentences(), **TINY_MODEL)
        ),
    )
    assert first.namelist()[0] == PACKAGE + "/"
    for name in first.namelist():
        assert first.read(name) == second.read(name), name


def test_argos_translate_runs_offline_with_a_trivial_sentencizer(home):
    result = run_argos(TRANSLATE_WITH_TRIVIAL_SENTENCIZER, home)
    assert isinstance(result["translation"], str) and result["translation"]


def test_argos_default_sentencizer_wants_to_download_a_model(home):
    result = run_argos(TRANSLATE_WITH_DEFAULT_SENTENCIZER, home)
    assert result["error"] is not None
    assert [u.rsplit("/", 1)[-1] for u in result["urls"]] == ["zh-hans.onnx"]
