"""The Argos engine: an installed Argos Translate package run batched on CTranslate2."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..config import not_negative, positive
from ..errors import ModelError
from . import EngineSpec, Progress, models


@dataclass(frozen=True)
class ArgosOptions:
    beam_size: int = 4
    batch_size: int = 32  # sentences a batch, taken in order of length
    threads: int = 0  # 0: all cores; each translates its own batches on one core
    compute_type: str = "auto"  # int8 where the CPU supports it
    max_decoding_length: int = 256


class ArgosEngine:
    """An installed Argos package, run batched through CTranslate2 directly.

    Sentences are batched in order of length (CTranslate2 sorts each read chunk), and the
    threads are split into single-threaded workers that translate batches side by side: on
    these 2-core machines that is the fastest split (bench/mt.py). The beam's n best
    hypotheses come back with no extra decoding, for glossary placeholders a first one lost.
    """

    name = "argos-ct2"
    workers_split = True  # threads as parallel single-threaded workers

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
                threads = self.options.threads or os.cpu_count() or 1
                inter, intra = (threads, 1) if self.workers_split else (1, threads)
                self._translator = ctranslate2.Translator(
                    str(path / "model"),
                    device="cpu",
                    compute_type=compute,
                    inter_threads=inter,
                    intra_threads=intra,
                )
                self._sp = sentencepiece.SentencePieceProcessor(
                    model_file=str(path / "sentencepiece.model")
                )
            except (RuntimeError, OSError) as exc:
                raise ModelError(f"cannot load the model in {path}: {exc}") from None
        return self._translator, self._sp

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]:
        return [best[0] for best in self.nbest(texts, 1, progress)]

    def nbest(
        self, texts: Sequence[str], n: int, progress: Progress | None = None
    ) -> list[list[str]]:
        """Up to n hypotheses per text, best first (n is capped by the beam)."""
        translator, sp = self._load()
        prefix = self.package.target_prefix
        tokens = sp.encode(list(texts), out_type=str)
        results = translator.translate_iterable(
            iter(tokens),
            target_prefix=iter([[prefix]] * len(tokens)) if prefix else None,
            max_batch_size=max(1, self.options.batch_size),
            beam_size=self.options.beam_size,
            num_hypotheses=max(1, min(n, self.options.beam_size)),
            max_decoding_length=self.options.max_decoding_length,
            replace_unknowns=True,
            length_penalty=0.2,
        )
        out = []
        for result in results:
            hyps = [h[1:] if prefix and h[:1] == [prefix] else h for h in result.hypotheses]
            out.append([sp.decode(h).strip() for h in hyps])
            if progress:
                progress(1)
        return out


class ArgosReferenceEngine(ArgosEngine):
    """argostranslate's own translate(), one segment at a time: the path to compare against.

    Two instance-level adjustments keep the comparison fair and offline: segments are already
    sentences, so its sentencizer (which would download a model) returns the text whole; and
    its CTranslate2 translator gets the same max_decoding_length as the batched path.
    """

    name = "argos-reference"
    workers_split = False  # one sentence at a time: all threads on it

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
        "--beam-size", type=positive, default=defaults.beam_size, help="default: %(default)s"
    )
    group.add_argument(
        "--batch-size", type=positive, default=defaults.batch_size, help="default: %(default)s"
    )
    group.add_argument(
        "--threads", type=not_negative, default=defaults.threads, help="0 = all cores (default)"
    )
    group.add_argument(
        "--max-length",
        type=positive,
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
