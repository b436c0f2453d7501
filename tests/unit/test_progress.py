from publisher.progress import Progress


def test_progress_bar_draws_on_stderr_only_when_enabled(capsys, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich draws as on a terminal, though pytest captures
    with Progress(False).task("Translating", 3) as advance:
        advance(3)
    assert capsys.readouterr() == ("", "")
    with Progress(True).task("Translating", 3) as advance:
        advance(3)
    out, err = capsys.readouterr()
    assert out == ""  # the bar never mixes with the summary on stdout
    assert "Translating" in err and "3/3" in err  # it is drawn, on stderr
