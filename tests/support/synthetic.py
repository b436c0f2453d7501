"""A small but real Argos Translate package with random weights, for tests and benchmarks.

The package holds a SentencePiece model trained on the given corpus, a CTranslate2
Transformer whose vocabulary is exactly the SentencePiece pieces (shared by source and
target) and whose weights are random, and the ``metadata.json`` of argostranslate 1.11.
It translates nonsense, but it exercises the same code paths, at a known cost, as a real
model. Nothing is downloaded.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from ctranslate2.specs import TransformerSpec

SPECIALS = ("<unk>", "<s>", "</s>", "<blank>")
LANGUAGE_NAMES = {"zh": "Chinese", "en": "English"}
ARGOS_VERSION = "1.9"
WEIGHT_SCALE = 0.02


def build_package(
    target: Path,
    corpus: Iterable[str],
    *,
    layers: int = 2,
    d_model: int = 64,
    heads: int = 4,
    ffn: int = 128,
    vocab_size: int = 800,
    model_vocab_size: int | None = None,
    quantization: str | None = None,
    eos_bias: float | None = None,
    seed: int = 0,
    version: str = "0.0.1",
    from_code: str = "zh",
    to_code: str = "en",
) -> Path:
    """Write a random-weight ``.argosmodel`` trained on ``corpus`` to ``target``; return it.

    ``model_vocab_size`` pads the model's vocabulary with unused pieces to that size, so the
    output layer costs what a real model's does (SentencePiece on a small corpus yields few pieces).
    ``eos_bias`` is added to the logit of ``</s>``: a large negative value (e.g. -1e4)
    makes every hypothesis run to ``max_decoding_length``, a large positive one ends it
    as early as ``min_decoding_length`` allows (1 token with CTranslate2's default). ``quantization`` is any CTranslate2 weight type (``"int8"``, ...) or None.
    """
    target = Path(target)
    with tempfile.TemporaryDirectory(prefix="synthetic-argos-") as tmp:
        root = Path(tmp) / package_dir_name(from_code, to_code, version)
        (root / "model").mkdir(parents=True)
        sp_model = train_sentencepiece(corpus, vocab_size)
        (root / "sentencepiece.model").write_bytes(sp_model)
        vocabulary = pad_vocabulary(sentencepiece_pieces(sp_model), model_vocab_size)
        spec = random_transformer(
            len(vocabulary), layers=layers, d_model=d_model, heads=heads, ffn=ffn, seed=seed
        )
        if eos_bias is not None:
            set_eos_bias(spec, vocabulary.index("</s>"), eos_bias)
        save_model(spec, vocabulary, root / "model", quantization)
        write_metadata(root, from_code=from_code, to_code=to_code, version=version)
        zip_directory(root, target)
    return target


def package_dir_name(from_code: str, to_code: str, version: str) -> str:
    """Name of the package's top-level directory, e.g. ``translate-zh_en-0_0_1``."""
    return f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"


def corpus_lines(corpus: Iterable[str]) -> Iterator[str]:
    """The non-blank, stripped lines of every text in ``corpus``."""
    for text in corpus:
        for line in text.splitlines():
            if line.strip():
                yield line.strip()


def train_sentencepiece(corpus: Iterable[str], vocab_size: int) -> bytes:
    """Train a unigram SentencePiece model whose first pieces are ``SPECIALS``; return it.

    ``vocab_size`` is an upper bound (``hard_vocab_limit=False``) and is raised if needed
    so that every character of a small corpus fits.
    """
    import sentencepiece as spm

    lines = list(corpus_lines(corpus))
    if not lines:
        raise ValueError("cannot train SentencePiece on an empty corpus")
    floor = len(set("".join(lines))) + len(SPECIALS)
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        model_type="unigram",
        vocab_size=max(vocab_size, floor),
        hard_vocab_limit=False,
        character_coverage=0.9995,
        unk_id=0,
        bos_id=1,
        eos_id=2,
        pad_id=3,
        pad_piece="<blank>",
        num_threads=1,
        minloglevel=2,
    )
    return model.getvalue()


def sentencepiece_pieces(sp_model: bytes) -> list[str]:
    """All pieces of a serialized SentencePiece model, in id order."""
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_proto=sp_model)
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def pad_vocabulary(pieces: list[str], size: int | None) -> list[str]:
    """The pieces, followed by placeholder pieces up to ``size`` entries."""
    return pieces + [f"<unused{i}>" for i in range(len(pieces), size or 0)]


def random_transformer(
    vocab_size: int, *, layers: int, d_model: int, heads: int, ffn: int, seed: int
) -> TransformerSpec:
    """A pre-norm CTranslate2 ``TransformerSpec`` with every required weight set.

    Position encodings are left unset, so CTranslate2 uses sinusoidal ones.
    """
    import numpy as np
    from ctranslate2.specs import TransformerSpec, model_spec

    if d_model % heads:
        raise ValueError(f"d_model={d_model} is not divisible by heads={heads}")
    spec = TransformerSpec.from_config(num_layers=(layers, layers), num_heads=heads)
    rng = np.random.default_rng(seed)

    def fill(layer: Any, name: str, value: Any) -> None:
        if value is None:
            attr = name.rsplit("/", 1)[-1]
            setattr(layer, attr, random_weight(name, rng, vocab_size, d_model, ffn))

    model_spec.visit_spec(spec, fill)
    return spec


def weight_shape(name: str, vocab_size: int, d_model: int, ffn: int) -> tuple[int, ...]:
    """The shape of the spec variable ``name`` (e.g. ``decoder/layer_0/ffn/linear_0/weight``)."""
    parts = name.split("/")
    owner, attr = parts[-2], parts[-1]
    module = parts[-3] if len(parts) > 2 else ""
    if attr in ("gamma", "beta"):
        return (d_model,)
    if owner.startswith("embeddings") or owner == "projection":
        return (vocab_size, d_model)
    if module == "ffn":
        return (ffn, d_model) if owner == "linear_0" else (d_model, ffn)
    fused = {
        ("self_attention", "linear_0"): 3,  # fused query, key, value
        ("attention", "linear_1"): 2,  # fused key, value of the encoder output
    }
    return (fused.get((module, owner), 1) * d_model, d_model)


def random_weight(
    name: str, rng: np.random.Generator, vocab_size: int, d_model: int, ffn: int
) -> np.ndarray:
    """A deterministic value for ``name``: layer-norm gamma 1, beta 0, else small noise."""
    import numpy as np

    shape = weight_shape(name, vocab_size, d_model, ffn)
    if name.endswith("/gamma"):
        return np.ones(shape, dtype=np.float32)
    if name.endswith("/beta"):
        return np.zeros(shape, dtype=np.float32)
    return (rng.standard_normal(shape) * WEIGHT_SCALE).astype(np.float32)


def set_eos_bias(spec: TransformerSpec, eos_id: int, bias: float) -> None:
    """Give the decoder's output projection a bias that only shifts the ``</s>`` logit."""
    import numpy as np

    size = spec.decoder.projection.weight.shape[0]
    values = np.zeros(size, dtype=np.float32)
    values[eos_id] = bias
    spec.decoder.projection.bias = values


def save_model(
    spec: TransformerSpec, vocabulary: list[str], model_dir: Path, quantization: str | None
) -> None:
    """Register the shared vocabulary, validate, quantize and save ``spec`` to ``model_dir``."""
    missing = [token for token in SPECIALS if token not in vocabulary]
    if missing:
        raise ValueError(f"vocabulary lacks special tokens {missing}")
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.optimize(quantization=quantization)
    model_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(model_dir))


def write_metadata(root: Path, *, from_code: str, to_code: str, version: str) -> None:
    """Write the ``metadata.json`` that argostranslate's ``Package`` reads."""
    metadata = {
        "package_version": version,
        "argos_version": ARGOS_VERSION,
        "from_code": from_code,
        "from_name": LANGUAGE_NAMES.get(from_code, from_code),
        "to_code": to_code,
        "to_name": LANGUAGE_NAMES.get(to_code, to_code),
        "type": "translate",
        "links": [],
    }
    text = json.dumps(metadata, ensure_ascii=False, indent=2) + "\n"
    (root / "metadata.json").write_text(text, encoding="utf-8")


def zip_directory(root: Path, target: Path) -> None:
    """Zip ``root`` to ``target`` with ``root``'s own name as the archive's top-level entry."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(root, root.name)
        for path in sorted(root.rglob("*")):
            archive.write(path, path.relative_to(root.parent).as_posix())
