"""The one exception family: each message tells the user what to do next."""


class PublisherError(Exception):
    """A problem the user can fix; the command line prints it and exits non-zero."""

    exit_code = 1


class UsageError(PublisherError):
    """Options that cannot go together (argparse's own errors exit 2 as well)."""

    exit_code = 2


class SourceError(PublisherError):
    """The source report cannot be read."""

    exit_code = 3


class GlossaryError(PublisherError):
    """The glossary is malformed: the reason, and the file and line it concerns when known."""

    exit_code = 4

    def __init__(self, reason: str, file: str = "", line: int = 0):
        self.reason, self.file, self.line = reason, file, line
        where = f"{file}:{line}: " if file and line else f"{file}: " if file else ""
        super().__init__(where + reason)


class TranslationStoreError(PublisherError):
    """An approved-translation file (XLIFF) cannot be read or written."""

    exit_code = 5


class MissingTranslationError(PublisherError):
    """Segments have no English and the build is not a draft."""

    exit_code = 6


class ModelError(PublisherError):
    """No usable machine-translation model."""

    exit_code = 7


class RenderError(PublisherError):
    """The PDF could not be typeset."""

    exit_code = 8


class OutputError(PublisherError):
    """A file cannot be written where it was asked for (a folder in its place, no permission)."""

    exit_code = 10


class QualityError(PublisherError):
    """--strict and the QA checks found errors."""

    exit_code = 9


class PdfxError(RenderError):
    """A PDF/X file cannot be made here, or would not hold what it claims; none is written."""
