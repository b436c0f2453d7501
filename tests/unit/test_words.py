"""jieba's segmentations kept between runs: a rebuild never loads its dictionary."""

import json

import pytest

from publisher.lang import words


@pytest.fixture
def fresh_run(tmp_path, monkeypatch):
    """A cache folder of the test's own, and the module as a new process finds it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))

    def new_process():
        words.MEMO.forget()

    new_process()
    yield new_process
    new_process()


def test_a_second_run_reads_the_words_without_jieba(fresh_run, monkeypatch):
    first = words.tokens("株洲是中国动力谷")
    assert [w for w, _, _ in first] == ["株洲", "是", "中国", "动力", "谷"]
    words.save()
    data = json.loads(words.cache_path().read_text(encoding="utf-8"))
    assert data["key"].startswith("jieba ") and len(data["entries"]) == 1
    fresh_run()

    def no_jieba():
        raise AssertionError("jieba was loaded")

    monkeypatch.setattr(words, "_jieba", no_jieba)
    assert words.tokens("株洲是中国动力谷") == first
    assert words.word_at("株洲是中国动力谷", 3) == ("中国", 3, 5)


def test_a_cache_of_other_versions_or_unreadable_is_ignored(fresh_run):
    path = words.cache_path()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"key": "jieba 0.1", "entries": {"tokens\0株洲": [1]}}), "utf-8")
    assert words.tokens("株洲") == (("株洲", 0, 2),)
    fresh_run()
    path.write_text("{broken", encoding="utf-8")
    assert words.tokens("株洲") == (("株洲", 0, 2),)
    words.save()
    assert json.loads(path.read_text(encoding="utf-8"))["entries"] == {"tokens\0株洲": [2]}
