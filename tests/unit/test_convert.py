from publisher.stores import tsv
from publisher.terms.usage import to_traditional


def test_s2tw_converts_characters_and_keeps_vocabulary(write_tsv):
    terms = tsv.load(write_tsv([("a", "株洲", "", "Zhuzhou")]))
    text = "中国动力谷优化全局，发布产业集群良性循环。"
    assert to_traditional(text, terms, "tw") == "中國動力谷優化全局，發布產業集群良性循環。"
    assert to_traditional(text, terms, "tw-opencc") == "中國動力谷優化全局，發佈產業集群良性循環。"
    assert "最佳化" in to_traditional(text, terms, "twp")


def test_glossary_override_wins_over_opencc(write_tsv):
    terms = tsv.load(write_tsv([("a", "中国动力谷", "中國動力穀", "China Power Valley")]))
    assert to_traditional("建设中国动力谷的决策", terms, "tw") == "建設中國動力穀的決策"


def test_hong_kong_and_standard_variants(write_tsv):
    terms = tsv.load(write_tsv([("a", "株洲", "", "Zhuzhou")]))
    assert to_traditional("产业集群", terms, "hk") == "產業集羣"
    assert to_traditional("里面", terms, "t") == "裏面"


def test_every_command_line_variant_has_its_opencc_configuration():
    from publisher.config import DEFAULT_VARIANT, VARIANTS
    from publisher.lang.opencc import CONFIGS, LANG_TAGS

    assert tuple(CONFIGS) == tuple(LANG_TAGS) == VARIANTS and DEFAULT_VARIANT in VARIANTS
