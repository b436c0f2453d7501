"""XML from outside is parsed by defusedxml first: DTD entities (expansion bombs, external
entities that would read files) are refused before translate-toolkit or lxml see the bytes."""

from __future__ import annotations

from ..errors import PublisherError


def refuse_entities(data: bytes, name: str, error: type[PublisherError], what: str) -> None:
    """Raise error naming the file if data is not XML, or declares or uses a DTD entity."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        fromstring(data)
    except (ParseError, DefusedXmlException) as exc:
        raise error(f"{name}: not a readable {what} file ({exc}); nothing was changed") from None
