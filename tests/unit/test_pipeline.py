"""prepare on the seed: read, segment, approved English, Traditional (shared, no PDF)."""


def test_every_seed_segment_has_approved_english(seed_prepared):
    segments = list(seed_prepared.doc.segments())
    assert segments and all(s.provenance == "approved" and s.en for s in segments)
    assert seed_prepared.stale_units == 0
