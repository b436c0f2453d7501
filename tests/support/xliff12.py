"""XLIFF 1.2 checked two ways: against the OASIS schema (strict, shipped in tests/data/xliff),
and by hand for what a schema cannot say (the namespace and version, unique ids, the
enumerated values of state, context-type, restype and match-quality)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "xliff"


class _Local(etree.Resolver):
    """The schema imports xml.xsd from w3.org: the copy beside it, never the network."""

    def resolve(self, url, pubid, context):
        if url == "http://www.w3.org/2001/xml.xsd":
            return self.resolve_filename(str(SCHEMAS / "xml.xsd"), context)
        return None


@cache
def schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Local())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff-core-1.2-strict.xsd"), parser))


def schema_errors(data: bytes) -> list[str]:
    """The schema's complaints about an XLIFF file, with their lines."""
    checker = schema()
    checker.validate(etree.fromstring(data))
    return [f"{e.line}: {e.message}" for e in checker.error_log]


NS = "urn:oasis:names:tc:xliff:document:1.2"
Q = f"{{{NS}}}"
STATES = {
    "final",
    "needs-adaptation",
    "needs-l10n",
    "needs-review-adaptation",
    "needs-review-l10n",
    "needs-review-translation",
    "needs-translation",
    "new",
    "signed-off",
    "translated",
}
CONTEXT_TYPES = {
    "database",
    "element",
    "elementtitle",
    "linenumber",
    "numparams",
    "paramnotes",
    "record",
    "recordtitle",
    "sourcefile",
}
TRANS_UNIT_CHILDREN = {
    "source",
    "seg-source",
    "target",
    "context-group",
    "count-group",
    "prop-group",
    "note",
    "alt-trans",
    "bin-unit",
}


def problems(data: bytes) -> list[str]:
    """Every violation found; empty when the file passes."""
    root = etree.fromstring(data)
    found = []
    if root.tag != f"{Q}xliff" or root.get("version") != "1.2":
        found.append("root is not <xliff version=1.2> in the 1.2 namespace")
    for f in root.iter(f"{Q}file"):
        for attr in ("original", "source-language", "datatype"):
            if not f.get(attr):
                found.append(f"<file> lacks {attr}")
        kids = [etree.QName(c).localname for c in f if isinstance(c.tag, str)]
        if kids not in (["body"], ["header", "body"]):
            found.append(f"<file> children {kids}")
    ids = set()
    for tu in root.iter(f"{Q}trans-unit"):
        uid = tu.get("id")
        if not uid or uid in ids:
            found.append(f"trans-unit id {uid!r} missing or repeated")
        ids.add(uid)
        kids = [etree.QName(c).localname for c in tu if isinstance(c.tag, str)]
        if not kids or kids[0] != "source":
            found.append(f"{uid}: <source> is not first")
        if set(kids) - TRANS_UNIT_CHILDREN:
            found.append(f"{uid}: unexpected children {set(kids) - TRANS_UNIT_CHILDREN}")
        if kids.count("target") > 1 or ("target" in kids and kids.index("target") > 2):
            found.append(f"{uid}: <target> out of place")
        if tu.get("translate") not in (None, "yes", "no"):
            found.append(f"{uid}: translate={tu.get('translate')}")
        if tu.get("approved") not in (None, "yes", "no"):
            found.append(f"{uid}: approved={tu.get('approved')}")
        restype = tu.get("restype")
        if restype and not restype.startswith("x-"):
            found.append(f"{uid}: restype {restype} is not x-")
        for t in tu.iter(f"{Q}target"):
            state = t.get("state")
            if state and state not in STATES and not state.startswith("x-"):
                found.append(f"{uid}: state {state}")
        for c in tu.iter(f"{Q}context"):
            ct = c.get("context-type")
            if ct not in CONTEXT_TYPES and not (ct or "").startswith("x-"):
                found.append(f"{uid}: context-type {ct}")
        for alt in tu.iter(f"{Q}alt-trans"):
            if alt.find(f"{Q}target") is None:
                found.append(f"{uid}: <alt-trans> without <target>")
            mq = alt.get("match-quality")
            if mq is not None and not mq.rstrip("%").isdigit():
                found.append(f"{uid}: match-quality {mq}")
        for note in tu.iter(f"{Q}note"):
            if note.get("priority") and note.get("priority") not in "12345678910":
                found.append(f"{uid}: note priority")
    return found
