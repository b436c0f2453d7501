from publisher.progress import Progress


def test_progress_bar_draws_on_stderr_only_when_enabled(capsys):
    with Progress(False).task("Translating", 3) as advance:
        advance(3)
    assert capsys.readouterr() == ("", "")
    with Progress(True).task("Translating", 3) as advance:
        advance(3)
    out, _ = capsys.readouterr()
    assert out == ""  # the bar never mixes with the summary on stdout
