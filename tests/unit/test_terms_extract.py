import json

from publisher.read import markdown, read
from publisher.segment import segment
from publisher.stores import tsv
from publisher.terms.extract import extract
from tests.support import GLOSSARY, SEED
from tests.support.glossary_cli import run, write_glossary

ROWS = ["place-zhuzhou\t株洲\t\tZhuzhou\t\tproper noun\tplace\tapproved\t\tx"]
TEXT = """# 报告

株洲星辰智能装备有限公司在株洲投产。株洲星辰智能装备有限公司扩产。
我市出台《关于支持氢能产业发展的若干措施》，打造“氢能谷”。
"""


def test_names_titles_and_quotes_are_found_and_known_terms_left_out(tmp_path):
    terms = tsv.load(write_glossary(tmp_path / "g", ROWS).parent)
    found = {c.text: c for c in extract(segment(markdown.parse(TEXT)), terms, top=10)}
    company = found["株洲星辰智能装备有限公司"]
    assert (company.kind, company.count, company.line) == ("organisation", 2, 3)
    assert company.example.startswith("【株洲星辰智能装备有限公司】在株洲投产")
    assert found["关于支持氢能产业发展的若干措施"].kind == "title"
    assert found["氢能谷"].kind == "quote"
    assert "株洲" not in found  # a glossary term
    assert not any(c.startswith("在") for c in found)  # stop-words


def test_seed_candidates_are_new_and_ranked(capsys):
    terms = tsv.load(GLOSSARY)
    doc = segment(read(SEED))
    found = extract(doc, terms, top=40)
    assert len(found) == 40
    known = {t.zh_hans for t in terms.terms}
    assert not [c.text for c in found if c.text in known]
    scores = [c.score for c in found]
    assert scores == sorted(scores, reverse=True)
    assert all(c.score == c.count * len(c.text) * (1 if c.kind == "n-gram" else 2) for c in found)
    assert run("extract", SEED, "--glossary", GLOSSARY, "--top", "5", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["text"] for d in data] == [c.text for c in found[:5]]
