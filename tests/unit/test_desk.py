"""The review desk's web application without a browser: the token, escaping, no path from a
request, the error page, and writes through the stores (Starlette's test client)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.support import GLOSSARY, SEED

HOSTILE = {
    "s57b7c84f8c": '<script>alert("x")</script><img src=x onerror=alert(1)>',
    "sa74d297cc4": "javascript:alert(document.cookie)",
    "s50c4fc0810": "long " * 1_900,  # just under the 10,000 characters a target may hold
}


def copy_seed(folder: Path, hostile: bool = False) -> Path:
    """The seed with its translation file, sidecars and glossary, in folder."""
    for path in SEED.parent.glob(f"{SEED.name.split('.')[0]}.*"):
        if path.is_file():
            shutil.copy(path, folder / path.name)
    shutil.copytree(GLOSSARY, folder / "glossary")
    if hostile:
        xlf = folder / "zhuzhou-2020.en.xlf"
        text = xlf.read_text("utf-8")
        for uid, target in HOSTILE.items():
            escaped = target.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            text, n = re.subn(
                rf'(id="{uid}"[^>]*>\s*<source>[^<]*</source>\s*<target state="final">)[^<]*',
                lambda m, e=escaped: m.group(1) + e,
                text,
            )
            assert n == 1
        xlf.write_text(text, "utf-8")
    return folder / SEED.name


def session_for(source: Path):
    from publisher.config import BuildConfig
    from publisher.desk.session import Session

    return Session(
        BuildConfig(source=source, glossary_dir=source.parent / "glossary", machine=False)
    )


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """(client, session, token) over a hostile copy of the seed."""
    from starlette.testclient import TestClient

    from publisher.desk.app import create

    source = copy_seed(tmp_path_factory.mktemp("desk"), hostile=True)
    session = session_for(source)
    app = create(session, None, token="t0ken")
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        yield client, session, "t0ken"


def units(path: Path) -> dict:
    from publisher.stores import xliff

    return {u.id: u for u in xliff.units_of(xliff.parse(path.read_bytes()))}


def _without(text: str, sid: str) -> str:
    """The file's text without one unit and the tool header the merge writes."""
    text = re.sub(r"\s*<header>.*?</header>", "", text, flags=re.S)
    return re.sub(rf'\s*<trans-unit[^>]*id="{sid}".*?</trans-unit>', "", text, flags=re.S)


def seg(session, sid: str) -> dict:
    return session.segment_json(session.row(sid))


def test_data_changing_requests_need_the_session_token(desk):
    client, session, token = desk
    xlf = session.config.xliff_path
    before = xlf.read_bytes()
    body = {
        "id": "sa74d297cc4",
        "en": "In 2020, Zhuzhou …",
        "base": seg(session, "sa74d297cc4")["base"],
    }
    for headers in ({}, {"X-Desk-Token": "wrong"}, {"X-Desk-Token": ""}):
        for path in ("/api/approve", "/api/check", "/api/answer", "/api/term", "/api/decide"):
            answer = client.post(path, json=body, headers=headers)
            assert answer.status_code == 403, path
            assert "token" in answer.json()["error"]
    assert xlf.read_bytes() == before
    ok = client.post("/api/check", json=body, headers={"X-Desk-Token": token})
    assert ok.status_code == 200


def test_hostile_targets_reach_the_page_only_as_json_text(desk):
    client, _, _ = desk
    page = client.get("/")
    assert page.status_code == 200
    for target in HOSTILE.values():
        assert target[:20] not in page.text  # the page holds no data, only the token
    assert "default-src 'none'" in page.headers["content-security-policy"]
    data = client.get("/api/segments")
    assert data.headers["content-type"] == "application/json"
    assert data.headers["x-content-type-options"] == "nosniff"
    shown = {s["id"]: s["en"] for s in data.json()["segments"]}
    for uid, target in HOSTILE.items():
        assert shown[uid] == target  # kept exactly, for textContent to show


def test_the_script_never_parses_data_as_markup():
    from publisher.desk.app import static_dir

    script = (static_dir() / "desk.js").read_text("utf-8")
    for sink in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        "href",
    ):
        assert sink not in script, sink
    assert not re.search(r"https?://", script)  # nothing fetched from outside
    css = (static_dir() / "desk.css").read_text("utf-8")
    assert "@import" not in css and "url(" not in css


def test_huge_input_is_refused_with_a_message(desk):
    client, _, token = desk
    headers = {"X-Desk-Token": token}
    too_long = client.post(
        "/api/check", json={"id": "sa74d297cc4", "en": "x" * 25_000}, headers=headers
    )
    assert too_long.status_code == 400 and "characters" in too_long.json()["error"]
    too_big = client.post("/api/check", content=b"{" + b" " * 300_000 + b"}", headers=headers)
    assert too_big.status_code == 413


def test_no_path_is_taken_from_a_request(desk):
    client, _, token = desk
    for url in (
        "/static/../session.py",
        "/static/%2e%2e/session.py",
        "/static/..%2fapp.py",
        "/api/alternatives/..%2F..%2Fetc%2Fpasswd",
        "/api/page/..%2Fx",
        "/preview/0/..%2F..%2Fetc%2Fpasswd.png",
        "/api/alternatives/nosuch",
    ):
        answer = client.get(url)
        assert answer.status_code == 404, url
        assert "root:" not in answer.text and "import" not in answer.text
    bad = client.post(
        "/api/approve",
        json={"id": "../../zhuzhou-2020.en.xlf", "en": "x", "base": ""},
        headers={"X-Desk-Token": token},
    )
    assert bad.status_code == 404
    assert client.get("/static/desk.js").status_code == 200


def test_an_error_is_a_page_not_a_traceback(desk, monkeypatch):
    client, session, _ = desk
    missing = client.get("/no/such/page")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")
    assert "Back to the desk" in missing.text
    monkeypatch.setattr(session, "overview", lambda: 1 / 0)
    broken = client.get("/api/segments")
    assert broken.status_code == 500
    assert broken.json() == {"error": "the desk met an error"}
    assert "Traceback" not in broken.text and "ZeroDivision" not in broken.text


def test_only_the_local_host_is_answered(desk):
    client, _, _ = desk
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400


def test_approve_writes_one_unit_through_the_merge_and_refuses_a_stale_base(tmp_path):
    from publisher.desk.session import Conflict
    from publisher.files import locked
    from publisher.stores import xliff

    session = session_for(copy_seed(tmp_path))
    xlf = session.config.xliff_path
    sid = "sa74d297cc4"
    before = units(xlf)
    before_bytes = xlf.read_text("utf-8")
    base = seg(session, sid)["base"]
    session.approve(sid, "In 2020, Zhuzhou became a demonstration city.", base)
    after = units(xlf)
    assert _without(xlf.read_text("utf-8"), sid) == _without(before_bytes, sid)  # byte for byte
    assert after[sid].target == "In 2020, Zhuzhou became a demonstration city."
    assert after[sid].state == "final" and after[sid].approved
    assert any(a.origin == "previous" for a in after[sid].alts)  # the old target kept beside
    assert {k: v for k, v in after.items() if k != sid} == {
        k: v for k, v in before.items() if k != sid
    }

    # someone else (the command line) changes the unit; the desk's view is now stale
    fresh = seg(session, sid)["base"]
    with locked(xlf):
        store = xliff.parse(xlf.read_bytes())
        xliff.set_target(xliff.index(store)[sid], "Changed on the command line.", "final")
        xliff.save(bytes(store), xlf)
    with pytest.raises(Conflict) as caught:
        session.approve(sid, "The desk's second edit.", fresh)
    assert "Changed on the command line." in caught.value.target
    assert units(xlf)[sid].target == "Changed on the command line."  # never clobbered
    session.approve(sid, "The desk's second edit.", caught.value.base)  # a deliberate choice
    assert units(xlf)[sid].target == "The desk's second edit."


def test_live_check_finds_and_clears_a_wrong_figure(tmp_path):
    session = session_for(copy_seed(tmp_path))
    wrong = session.check(
        "sa74d297cc4",
        "In 2021, Zhuzhou became a national information consumption demonstration city.",
    )
    assert [f["check"] for f in wrong["findings"]] == ["numbers"]
    right = session.check(
        "sa74d297cc4",
        "In 2020, Zhuzhou became a national information consumption demonstration city.",
    )
    assert right["findings"] == []
    assert all(t["found"] for t in right["terms"])


def test_queries_terms_and_decisions_go_to_their_own_files(tmp_path):
    session = session_for(copy_seed(tmp_path))
    q = session.queries[0]
    session.answer(q.id, "answered", "Yes, as printed in the source.")
    answers = (tmp_path / "zhuzhou-2020.queries.tsv").read_text("utf-8")
    assert f"{q.id}\tanswered\tYes, as printed in the source." in answers

    from publisher.errors import PublisherError

    with pytest.raises(PublisherError):
        session.add_term("示范\t城市", "demonstration city")  # a tab would make a new column
    done = session.add_term("示范城市", "demonstration city", note="from the desk")
    assert done["file"].startswith("terms.tsv:")
    assert "\t示范城市\t\tdemonstration city\t" in (tmp_path / "glossary" / "terms.tsv").read_text(
        "utf-8"
    )
    assert (GLOSSARY / "terms.tsv").read_text("utf-8").count(
        "\t示范城市\t\tdemonstration city\t"
    ) == 0

    rows = session.traditional_rows()
    assert rows and all(r["tier"] in (1, 2) for r in rows)
    first = rows[0]
    decided = session.decide(first["key"], "accept")
    lines = (tmp_path / "zhuzhou-2020.zh-Hant.tsv").read_text("utf-8").splitlines()
    assert lines[-1].startswith(f"{first['word_zh']}\t{first['word_hant']}\t")
    assert first["key"] not in {r["key"] for r in decided["traditional"]}  # settled


def test_the_command_refuses_a_missing_report_and_a_taken_port(tmp_path, capsys):
    import socket

    from publisher.cli import main

    assert main(["desk", str(tmp_path / "nope.zh.md")]) != 0
    assert "no such file" in capsys.readouterr().err
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        port = taken.getsockname()[1]
        assert main(["desk", str(copy_seed(tmp_path)), "--port", str(port)]) != 0
        assert "choose another --port" in capsys.readouterr().err
    finally:
        taken.close()


def test_the_web_stack_is_imported_only_by_the_desk():
    import ast

    from publisher.desk.app import static_dir

    command = static_dir().parents[1] / "cli" / "desk.py"
    tree = ast.parse(command.read_text("utf-8"))
    top = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    assert all("uvicorn" not in ast.dump(n) and "desk" not in ast.dump(n) for n in top)


def test_states_draft_memory_and_missing(tmp_path):
    from publisher.stores.tm import Pair, tmx_bytes

    source = copy_seed(tmp_path)
    xlf = source.with_name("zhuzhou-2020.en.xlf")
    text = xlf.read_text("utf-8")
    draft, memory, missing = "sa74d297cc4", "s50c4fc0810", "s57b7c84f8c"
    text = re.sub(
        rf'(id="{draft}") approved="yes"(>\s*<source>[^<]*</source>\s*<target) state="final"',
        r'\1\2 state="needs-review-translation"',
        text,
    )
    for uid in (memory, missing):
        text = re.sub(
            rf'(id="{uid}") approved="yes"(>\s*<source>[^<]*</source>)\s*<target[^>]*>[^<]*</target>',
            r"\1\2",
            text,
        )
    xlf.write_text(text, "utf-8")
    zh = next(u.source for u in units(xlf).values() if u.id == memory)
    (tmp_path / "tm").mkdir()
    (tmp_path / "tm" / "old.tmx").write_bytes(tmx_bytes([Pair(zh, "From the memory.", "old.tmx")]))
    session = session_for(source)
    assert session.row(draft).state == "draft"
    assert session.row(draft).seg.en == units(xlf)[draft].target
    assert (session.row(memory).state, session.row(memory).seg.en) == ("memory", "From the memory.")
    assert session.row(missing).state == "missing" and session.row(missing).seg.en is None
    assert session.row("sb375750f22").state == "approved"


def test_the_first_approval_creates_the_translation_file(tmp_path):
    source = copy_seed(tmp_path)
    xlf = source.with_name("zhuzhou-2020.en.xlf")
    xlf.unlink()
    session = session_for(source)
    assert {r.state for r in session.rows.values()} == {"missing"}
    session.approve("sb375750f22", "Report to the two sessions", "none")
    assert {u.id: u.target for u in units(xlf).values()} == {
        "sb375750f22": "Report to the two sessions"
    }
