"""PDF/UA-1: a structure tree a screen reader follows, as an extension of WeasyPrint 70.

WeasyPrint 70 tags a PDF (``weasyprint/pdf/tags.py``) by HTML element name, page by page. For a
bilingual edition that tree reads badly: no element carries ``/Lang`` (all English is read as the
document's Chinese), the bilingual grid is a data table with no headers, running heads and folios
are marked content with MCIDs whose structure elements hang outside the tree, and an element
split by a page break becomes two. ``install()`` extends four pieces of it:

- ``weasyprint.pdf.tags._build_box_tree`` (looked up by name as it recurses): margin boxes build
  nothing; every other element is noted with the box it came from (its ``lang``, its HTML
  element, whether it is the bilingual grid ``table.rows``); a ``th`` gets ``/Scope`` from its
  ``scope`` attribute; a link annotation gets ``/Contents``, its text.
- ``weasyprint.pdf.add_tags`` (as ``weasyprint.pdf`` imported it): after WeasyPrint's tree is
  built, elements continued across a page break are joined into one (a row's Chinese, then its
  English), the grid's ``Table/TBody/TR/TD`` become ``Div`` and ``P`` (``Div`` for a cell that
  holds a heading), and ``/Lang`` is set where an element's language differs from its parent's.
- ``weasyprint.draw.draw_stacking_context``: a margin box is drawn inside one
  ``/Artifact <</Type /Pagination /Subtype /Header|/Footer>> BDC … EMC``.
- ``weasyprint.pdf.stream.Stream.marked`` and ``.artifact``: inside a margin box they mark
  nothing, so no MCID is left in the content stream without its structure element.

Why patch the tree rather than post-process the PDF with pikepdf: the language of each element,
which table is the grid and which elements continue across a page are facts of the HTML and the
box tree, which the written PDF no longer holds; the retagging is a few lines where those facts
are at hand. ``check_pdfua`` then reads the written file back (pikepdf) and the build refuses a
file that does not hold what PDF/UA-1 asks.

The code is pinned to the WeasyPrint version it was written for; see ``install()``.
"""

from __future__ import annotations

import contextvars
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from ..errors import RenderError

WEASYPRINT_VERSION = "70.0"
"""The WeasyPrint release whose tagging and drawing this module was written against."""

VARIANT = "pdf/ua-1"

_installed = False
_furniture = contextvars.ContextVar("publisher_pdfua_furniture", default=False)
_notes: dict[int, dict[str, Any]] = {}  # struct elem object number -> what its box said

GRID_CLASS = "rows"  # table.rows: the bilingual grid (templates/rows.html.j2)
_GRID_TAGS = ("/Table", "/THead", "/TBody", "/TFoot", "/TR", "/TD", "/TH")
_BLOCKS = ("/P", "/Div", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/L", "/Table", "/Figure")
_LEADER = re.compile(r"(?:\s*\.){3,}\s*")
_LETTER = re.compile(r"[^\W\d_]")  # a letter or a Han character: text in some language


def is_installed() -> bool:
    return _installed


def install() -> None:
    """Extend WeasyPrint's tagging for PDF/UA-1; idempotent. Any other WeasyPrint than
    ``WEASYPRINT_VERSION``: RenderError, nothing changed (the option refuses rather than
    claims)."""
    global _installed
    if _installed:
        return
    import weasyprint

    if weasyprint.__version__ != WEASYPRINT_VERSION:
        raise RenderError(
            f"--pdf-variant {VARIANT}: the tagging was written for WeasyPrint "
            f"{WEASYPRINT_VERSION} and has not been checked with WeasyPrint "
            f"{weasyprint.__version__}; install weasyprint=={WEASYPRINT_VERSION}, or check "
            "publisher/writers/pdfua.py against the new pdf/tags.py, pdf/stream.py and "
            "draw/__init__.py and update WEASYPRINT_VERSION"
        )
    import pydyf
    import weasyprint.draw as draw
    import weasyprint.pdf as pdf_module
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import stream as stream_module
    from weasyprint.pdf import tags

    build_box_tree = tags._build_box_tree
    add_tags = pdf_module.add_tags
    draw_stacking_context = draw.draw_stacking_context
    marked = stream_module.Stream.marked
    artifact = stream_module.Stream.artifact

    def _build(box, parent, pdf, page_number, nums, annotations, marks):
        if isinstance(box, boxes.MarginBox):
            return  # drawn as an artifact: nothing in the tree, no MCID in the stream
        element_tag = None if box.element is None else box.element_tag
        if element_tag in ("html", "body") or isinstance(box, boxes.PageBox):
            yield from build_box_tree(box, parent, pdf, page_number, nums, annotations, marks)
            return
        for element in build_box_tree(box, parent, pdf, page_number, nums, annotations, marks):
            _note(element, box, pydyf)
            yield element

    def _add_tags(pdf, document, pdf_version, page_streams):
        _notes.clear()
        try:
            add_tags(pdf, document, pdf_version, page_streams)
            _rework(pdf, document.metadata.lang, pydyf)
        finally:
            _notes.clear()

    def _draw_stacking_context(stream, stacking_context):
        box = stacking_context.box
        if stream._tags is None or _furniture.get() or not isinstance(box, boxes.MarginBox):
            return draw_stacking_context(stream, stacking_context)
        where = box.at_keyword or ""
        properties = pydyf.Dictionary({"Type": "/Pagination"})
        if where.startswith("@top"):
            properties["Subtype"] = "/Header"
        elif where.startswith("@bottom"):
            properties["Subtype"] = "/Footer"
        stream.begin_marked_content("Artifact", properties)
        token = _furniture.set(True)
        try:
            return draw_stacking_context(stream, stacking_context)
        finally:
            _furniture.reset(token)
            stream.end_marked_content()

    @contextmanager
    def _marked(self, box, tag):
        if _furniture.get():
            yield
            return
        with marked(self, box, tag):
            yield

    @contextmanager
    def _artifact(self):
        if _furniture.get():
            yield
            return
        with artifact(self):
            yield

    tags._build_box_tree = _build
    pdf_module.add_tags = _add_tags
    draw.draw_stacking_context = _draw_stacking_context
    stream_module.Stream.marked = _marked
    stream_module.Stream.artifact = _artifact
    _installed = True


def _note(element, box, pydyf) -> None:
    """What the tree's second pass needs from the box an element was made for."""
    html = box.element
    classes = (html.get("class") or "").split() if html is not None else []
    _notes[element.number] = {
        "lang": box.style["lang"],
        "key": (id(html), box.element_tag) if html is not None else None,
        "grid": box.element_tag == "table" and GRID_CLASS in classes,
        # Words of its own: text, or a figure's alternative text.
        "letters": "Alt" in element or any(_LETTER.search(text) for text in _own_texts(box)),
    }
    if element["S"] == "/TH" and "A" in element:
        scope = (html.get("scope") or "").lower() if html is not None else ""
        element["A"]["Scope"] = "/Row" if scope == "row" else "/Column"
    annotation = getattr(box, "link_annotation", None)
    if annotation is not None and "Contents" not in annotation:
        text = _LEADER.sub(" ", _text_of(box)).strip()
        if text:
            annotation["Contents"] = pydyf.String(text)


def _own_texts(box):
    """The text of the box's own text boxes: those whose MCIDs its element holds."""
    for child in getattr(box, "children", ()):
        for kid in child.children if type(child).__name__ == "LineBox" else [child]:
            if type(kid).__name__ == "TextBox":
                yield kid.text


def _text_of(box) -> str:
    text = getattr(box, "text", None)
    if isinstance(text, str):
        return text
    return "".join(_text_of(child) for child in getattr(box, "children", ()))


def _rework(pdf, doc_lang: str | None, pydyf) -> None:
    """Join page-split elements, retag the grid, set /Lang: on the tree WeasyPrint built."""
    objects = pdf.objects

    def obj(reference):
        return objects[int(reference.split()[0])]

    root = obj(pdf.catalog["StructTreeRoot"])
    document = obj(root["K"][0])
    parent_tree = obj(root["ParentTree"])
    moved: dict[bytes, bytes] = {}  # struct elem reference -> the element it was joined into

    def is_elem(kid) -> bool:
        return isinstance(kid, bytes) and obj(kid).get("Type") == "/StructElem"

    def key(kid):
        note = _notes.get(int(kid.split()[0]))
        return note and note["key"]

    def merge(first, second) -> None:
        """second, the part of first's element on a later page, into first: a kid of second
        that continues a kid of first (a paragraph, or each cell of a row) joins it, the others
        follow first's kids."""
        mine = {key(k): k for k in first["K"] if is_elem(k) and key(k)}  # the last of each
        for kid in second["K"]:
            if isinstance(kid, int):  # an MCID on the later page
                mcr = pydyf.Dictionary({"Type": "/MCR", "Pg": second["Pg"], "MCID": kid})
                pdf.add_object(mcr)
                first["K"].append(mcr.reference)
            elif is_elem(kid) and key(kid) in mine:
                merge(obj(mine[key(kid)]), obj(kid))
            else:
                if is_elem(kid):
                    obj(kid)["P"] = first.reference
                first["K"].append(kid)
        moved[second.reference] = first.reference

    def join(owner) -> None:
        """Join each top-level element continued from the page before into its first part."""
        kids = owner["K"]
        i = 1
        while i < len(kids):
            a, b = kids[i - 1], kids[i]
            if (
                is_elem(a)
                and is_elem(b)
                and key(a)
                and key(a) == key(b)
                and obj(a).get("Pg") != obj(b).get("Pg")
            ):
                merge(obj(a), obj(b))
                del kids[i]
                continue
            i += 1

    join(document)

    content: dict[int, set[str]] = {}  # element -> the languages of the letters it holds

    def languages(element) -> set[str]:
        note = _notes.get(element.number, {})
        held = {note["lang"]} if note.get("letters") and note.get("lang") else set()
        for kid in element["K"]:
            if is_elem(kid):
                held |= languages(obj(kid))
        content[element.number] = held
        return held

    def walk(element, in_grid: bool, parent_lang: str | None) -> None:
        note = _notes.get(element.number, {})
        in_grid = in_grid or note.get("grid", False)
        kids = [obj(k) for k in element["K"] if is_elem(k)]
        held = content.get(element.number, set())
        # The language of what it holds when that is one language (a cell of English alone,
        # a link whose words are English and whose page number is no language), else its own.
        # What holds no words (a page number, a rule) takes its parent's.
        lang: str | None
        if len(held) == 1:
            lang = next(iter(held))
        else:
            lang = (note.get("lang") if held else None) or parent_lang
        if lang and (parent_lang or "").lower() != lang.lower():
            element["Lang"] = pydyf.String(lang)
        for kid in kids:
            walk(kid, in_grid, lang)
        if in_grid and element["S"] in _GRID_TAGS:
            cell = element["S"] in ("/TD", "/TH")
            holds_blocks = any(k["S"] in _BLOCKS for k in kids)
            element["S"] = "/P" if cell and not holds_blocks else "/Div"
            for attribute in ("A", "ID"):
                element.pop(attribute, None)

    languages(document)
    walk(document, False, doc_lang)

    # Table cells name their headers by ID: the IDs need the root's ID tree (ISO 32000-1 14.7.2).
    ids: dict[str, bytes] = {}

    def collect(element) -> None:
        if "ID" in element:
            ids[str(element["ID"].string)] = element.reference
        for kid in element["K"]:
            if is_elem(kid):
                collect(obj(kid))

    collect(document)
    if ids:
        names = pydyf.Array()
        for name in sorted(ids):
            names.extend((pydyf.String(name), ids[name]))
        id_tree = pydyf.Dictionary({"Names": names})
        pdf.add_object(id_tree)
        root["IDTree"] = id_tree.reference

    for reference in moved:  # joined into another: left as an empty, unreferenced object
        obj(reference).clear()
    if moved:
        nums = parent_tree["Nums"]
        for index in range(1, len(nums), 2):
            entry = nums[index]
            if isinstance(entry, bytes):
                nums[index] = moved.get(entry, entry)
            else:
                for j, ref in enumerate(entry):
                    entry[j] = moved.get(ref, ref)


# --- reading the file back ---------------------------------------------------------------------

PDFUA_NS = "http://www.aiim.org/pdfua/ns/id/"
DC_NS = "http://purl.org/dc/elements/1.1/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
TEXT_OPERATORS = ("Tj", "TJ", "'", '"')
HEADINGS = ("/H", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6")


def xmp_facts(doc) -> dict[str, str]:
    """pdfuaid:part and dc:title from the XMP packet (empty strings when absent)."""
    facts = {"part": "", "title": ""}
    metadata = doc.Root.get("/Metadata")
    if metadata is None:
        return facts
    try:
        root = ElementTree.fromstring(metadata.read_bytes())
    except ElementTree.ParseError:
        return facts
    for description in root.iter(f"{{{RDF_NS}}}Description"):
        part = description.get(f"{{{PDFUA_NS}}}part")
        if part is None:
            child = description.find(f"{{{PDFUA_NS}}}part")
            part = child.text if child is not None else None
        if part:
            facts["part"] = part.strip()
        title = description.find(f"{{{DC_NS}}}title")
        if title is not None:
            facts["title"] = "".join(title.itertext()).strip()
    return facts


def structure(doc) -> list[dict[str, Any]]:
    """The structure tree in reading order: one dict per element with its type, effective
    language, own /Lang, ancestors' types, page MCIDs [(page index, mcid)] and /Alt."""
    import pikepdf

    pages = {page.obj.objgen: i for i, page in enumerate(doc.pages)}
    out: list[dict[str, Any]] = []
    root = doc.Root.get("/StructTreeRoot")
    if root is None:
        return out

    def visit(element, ancestors: tuple[str, ...], lang: str) -> None:
        own = str(element.get("/Lang", "")) or None
        lang = own or lang
        tag = str(element.get("/S"))
        page = element.get("/Pg")
        page_index = pages.get(page.objgen) if page is not None else None
        entry: dict[str, Any] = {
            "type": tag,
            "lang": lang,
            "own_lang": own,
            "ancestors": ancestors,
            "mcids": [],
            "alt": str(element.get("/Alt", "")),
            "objgen": element.objgen,
            "kids": [],
        }
        out.append(entry)
        kids = element.get("/K")
        if kids is None:
            return
        if not isinstance(kids, pikepdf.Array):
            kids = [kids]
        for kid in kids:
            if isinstance(kid, int):
                entry["mcids"].append((page_index, int(kid)))
            elif isinstance(kid, pikepdf.Dictionary):
                kind = str(kid.get("/Type", "/StructElem"))
                if kind == "/MCR":
                    pg = kid.get("/Pg", page)
                    entry["mcids"].append((pages.get(pg.objgen), int(kid.MCID)))
                elif kind == "/StructElem" or "/S" in kid:
                    entry["kids"].append(len(out))
                    visit(kid, (*ancestors, tag), lang)

    catalog_lang = str(doc.Root.get("/Lang", ""))
    for top in root.get("/K", []) if isinstance(root.get("/K"), pikepdf.Array) else [root.K]:
        visit(top, (), catalog_lang)
    return out


def marked_content(doc) -> list[list[dict[str, Any]]]:
    """Per page, each text-showing or image operator with the marked content around it:
    {'op', 'mcid' (innermost MCID or None), 'artifact' (inside an /Artifact)}, and a list of
    every MCID the page's stream opens, as {'op': 'BDC', 'mcid': n}."""
    import pikepdf

    result = []
    for page in doc.pages:
        stack: list[tuple[str, int | None]] = []
        items: list[dict[str, Any]] = []
        for instruction in pikepdf.parse_content_stream(page):
            operands, op = instruction.operands, str(instruction.operator)
            if op in ("BDC", "BMC"):
                tag = str(operands[0])
                mcid = None
                if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
                    if "/MCID" in operands[1]:
                        mcid = int(operands[1].MCID)
                        items.append({"op": "BDC", "mcid": mcid, "tag": tag})
                stack.append((tag, mcid))
            elif op == "EMC":
                if stack:
                    stack.pop()
            elif op in TEXT_OPERATORS or op == "Do":
                mcids = [m for _, m in stack if m is not None]
                items.append(
                    {
                        "op": op,
                        "mcid": mcids[-1] if mcids else None,
                        "artifact": any(t == "/Artifact" for t, _ in stack),
                    }
                )
        result.append(items)
    return result


def check_pdfua(path: Path) -> list[str]:
    """What keeps the file from PDF/UA-1 as this module makes it; empty when it holds."""
    import pikepdf

    failures: list[str] = []
    with pikepdf.open(path) as doc:
        root = doc.Root
        if not str(root.get("/Lang", "")).strip():
            failures.append("catalog: no /Lang")
        mark_info = root.get("/MarkInfo")
        if mark_info is None or not bool(mark_info.get("/Marked", False)):
            failures.append("catalog: /MarkInfo /Marked is not true")
        prefs = root.get("/ViewerPreferences")
        if prefs is None or not bool(prefs.get("/DisplayDocTitle", False)):
            failures.append("catalog: /ViewerPreferences /DisplayDocTitle is not true")
        title = str(doc.docinfo.get("/Title", "")).strip()
        if not title:
            failures.append("Info: no /Title")
        xmp = xmp_facts(doc)
        if xmp["part"] != "1":
            failures.append("XMP: pdfuaid:part is not 1")
        if not xmp["title"]:
            failures.append("XMP: no dc:title")
        if "/StructTreeRoot" not in root:
            return failures + ["no structure tree"]

        elements = structure(doc)
        in_tree: dict[int | None, set[int]] = {}
        for e in elements:
            for page_index, mcid in e["mcids"]:
                in_tree.setdefault(page_index, set()).add(mcid)
        for e in elements:
            where = f"{e['type']} {e['objgen'][0]}"
            if e["type"] == "/Figure" and not e["alt"].strip():
                failures.append(
                    f"structure: {where} has no /Alt (give the image a caption or a description)"
                )
            if e["type"] in HEADINGS and {"/TR", "/TD", "/TH"} & set(e["ancestors"]):
                failures.append(f"structure: heading {where} inside a table row")
            if e["type"] == "/TR" and not {"/Table"} & set(e["ancestors"]):
                failures.append(f"structure: {where} outside a Table")
            if not e["lang"]:
                failures.append(f"structure: {where} has no language")
        has_ids = "/IDTree" in root.StructTreeRoot
        for e in elements:
            if e["type"] == "/TH":
                obj = doc.get_object(e["objgen"])
                attributes = obj.get("/A")
                scope = attributes.get("/Scope") if attributes is not None else None
                if scope is None:
                    failures.append(f"structure: TH {e['objgen'][0]} has no /Scope")
                if "/ID" in obj and not has_ids:
                    failures.append("structure: header IDs but no /IDTree")

        for number, (page, items) in enumerate(zip(doc.pages, marked_content(doc), strict=True)):
            if "/Annots" in page.obj and str(page.obj.get("/Tabs", "")) != "/S":
                failures.append(f"page {number + 1}: annotations but no /Tabs /S")
            for annot in page.obj.get("/Annots", []):
                if str(annot.get("/Subtype", "")) == "/Link":
                    if "/StructParent" not in annot:
                        failures.append(f"page {number + 1}: a link not in the structure tree")
                    if not str(annot.get("/Contents", "")).strip():
                        failures.append(f"page {number + 1}: a link with no /Contents")
            mcids = in_tree.get(number, set())
            for item in items:
                if item["op"] == "BDC":
                    if item["mcid"] not in mcids:
                        failures.append(
                            f"page {number + 1}: MCID {item['mcid']} is not in the structure tree"
                        )
                elif item["mcid"] is None and not item["artifact"]:
                    failures.append(
                        f"page {number + 1}: content ({item['op']}) neither tagged nor an artifact"
                    )
    return list(dict.fromkeys(failures))
