"""What we can check of XLIFF 1.2 without its XSD (not obtainable offline here; see
tests/data/xliff/README.md): the namespace, required attributes, unique ids, element order and
the enumerated values (state, context-type, restype, match-quality) of the 1.2 specification."""

from __future__ import annotations

from lxml import etree

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
