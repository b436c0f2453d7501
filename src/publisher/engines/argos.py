"""The Argos engine: an installed Argos Translate package run batched on CTranslate2."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..errors import ModelError
from . import EngineSpec, Progress, models


@dataclass(frozen=True)
class ArgosOptions:
    beam_size: int = 4
    batch_size: int = 32
    threads: int = 0  # 0: all cores
    compute_type: str = "auto"  # int8 where the CPU supports it
    max_decoding_length: int = 256


class ArgosEngine:
    """An installed Argos package, run batched through CTranslate2 directly."""

    name = "argos-ct2"

    def __init__(self, package, options: ArgosOptions = ArgosOptions()):
        self.package = package
        self.options = options
        self._translator: Any = None
        self._sp: Any = None

    def describe(self) -> str:
        p = self.package
        return (
            f"Argos Translate package {p.from_code}→{p.to_code} {p.package_version} "
            f"on CTranslate2 (beam {self.options.beam_size})"
        )

    def cache_context(self) -> dict:
        p = self.package
        model = f"{p.from_code}-{p.to_code}-{p.package_version}"
        return {"engine": self.name, "model": model, "options": asdict(self.options)}

    def _load(self):
        if self._translator is None:
            import ctranslate2
            import sentencepiece

            path = Path(self.package.package_path)
            compute = self.options.compute_type
            if compute == "auto":
                compute = (
                    "int8"
                    if "int8" in ctranslate2.get_supported_compute_types("cpu")
                    else "default"
                )
            try:
                self._translator = ctranslate2.Translator(
                    str(path / "model"),
                    device="cpu",
                    compute_type=compute,
                    inter_threads=1,
                    intra_threads=self.options.threads,
                )
                self._sp = sentencepiece.SentencePieceProcessor(
                    model_file=str(path / "sentencepiece.model")
                )
            except (RuntimeError, OSError) as exc:
                raise ModelError(f"cannot load the model in {path}: {exc}") from None
        return self._translator, self._sp

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]:
        translator, sp = self._load()
        prefix = self.package.target_prefix
        out: list[str] = []
        size = max(1, self.options.batch_size)
        for start in range(0, len(texts), size):
            batch = list(texts[start : start + size])
            tokens = sp.encode(batch, out_type=str)
            results = translator.translate_batch(
                tokens,
                target_prefix=[[prefix]] * len(batch) if prefix else None,
                beam_size=self.options.beam_size,
                max_batch_size=size,
                max_decoding_length=self.options.max_decoding_length,
                replace_unknowns=True,
                length_penalty=0.2,
            )
            for result in results:
                hyp = result.hypotheses[0]
                if prefix and hyp[:1] == [prefix]:
                    hyp = hyp[1:]
                out.append(sp.decode(hyp).strip())
            if progress:
                progress(len(batch))
        return out


class ArgosReferenceEngine(ArgosEngine):
    """argostranslate's own translate(), one segment at a time: the path to compare against.

    Two instance-level adjustments keep the comparison fair and offline: segments are already
    sentences, so its sentencizer (which would download a model) returns the text whole; and
    its CTranslate2 translator gets the same max_decoding_length as the batched path.
    """

    name = "argos-reference"

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]:
        from argostranslate import settings
        from argostranslate import translate as argos

        translation = argos.PackageTranslation(None, None, self.package)
        translation.sentencizer = _WholeText()
        translator, _ = self._load()
        translation.translator = _FixedLength(translator, self.options.max_decoding_length)
        settings.beam_size = self.options.beam_size
        out = []
        for text in texts:
            out.append(translation.translate(text))
            if progress:
                progress(1)
        return out


class _WholeText:
    def split_sentences(self, text: str) -> list[str]:
        return [text]


class _FixedLength:
    """A CTranslate2 translator whose translate_batch always has the given max_decoding_length."""

    def __init__(self, translator, max_decoding_length: int):
        self._translator = translator
        self._max = max_decoding_length

    def translate_batch(self, *args, **kwargs):
        return self._translator.translate_batch(*args, max_decoding_length=self._max, **kwargs)


def missing_model_message(count: int, from_code: str = "zh", to_code: str = "en") -> str:
    return (
        f"{count} segment{'s' if count != 1 else ''} need machine translation, but no "
        f"{from_code}→{to_code} model is installed in {models.packages_dir()}.\n"
        f"Install one with `publisher model install PATH.argosmodel` "
        f"(or `publisher model install --from-index {from_code} {to_code}` where there is network), "
        "add approved translations to the XLIFF file, or build with --draft."
    )


def add_arguments(group: argparse._ArgumentGroup, defaults: ArgosOptions) -> None:
    """The Argos options on the command line."""
    group.add_argument(
        "--beam-size", type=int, default=defaults.beam_size, help="default: %(default)s"
    )
    group.add_argument(
        "--batch-size", type=int, default=defaults.batch_size, help="default: %(default)s"
    )
    group.add_argument(
        "--threads", type=int, default=defaults.threads, help="0 = all cores (default)"
    )
    group.add_argument(
        "--max-length",
        type=int,
        default=defaults.max_decoding_length,
        help="most tokens per translated sentence (default: %(default)s)",
    )


def options_from(args: argparse.Namespace) -> ArgosOptions:
    return ArgosOptions(
        beam_size=args.beam_size,
        batch_size=args.batch_size,
        threads=args.threads,
        max_decoding_length=args.max_length,
    )


def create(options: ArgosOptions) -> ArgosEngine | None:
    """The engine over the newest installed zh→en package, or None when there is none."""
    package = models.find_package()
    return ArgosEngine(package, options) if package else None


SPEC = EngineSpec("argos", ArgosOptions, add_arguments, options_from, create, missing_model_message)
