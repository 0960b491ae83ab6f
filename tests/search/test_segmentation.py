"""The fast cutter gives exactly jieba's words (precise mode and search mode, no HMM)."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search import segmentation

pytestmark = pytest.mark.django_db

SAMPLES = [
    "平顶山市卫生健康委员会关于印发民生监督大数据平台管理使用办法的通知",
    "示例县疾病预防控制中心开展乡村卫生室饮用水水质抽检工作方案。请各单位按时报送。",
    "平卫〔2021〕3号 abc123 x-y_z 3.5% c++ #tag &amp; 卫健委 hello world 2021年",
    "推进家庭医生签约服务和慢病长处方，2024年12月31日前完成。",
    "a b\r\nc\t d", "..--__", "🙂 𠀀𠀁 \u202e \u3000", "", "一", "卫生院卫生院卫生院",
]
# Words the dictionary knows and does not, so that runs cut every way.
PIECES = ["卫生", "健康", "委员会", "卫生院", "村卫生室", "医疗机构", "管理办法", "通知", "长处方",
          "疫苗接种", "的", "和", "平卫", "2021", "〔", "〕", "号", "，", "。", " ", "ab", "3.5",
          "c++", "-", "_", "𠀀", "é", "Ⅲ", "０", "卫健委", "发改委", "人社局", "x"]


def reference(text):
    tokenizer = segmentation.tokenizer()
    return (list(tokenizer.cut(text, HMM=False)),
            list(tokenizer.cut_for_search(text, HMM=False)))


def fast(text):
    segmentation.tokenizer()
    cutter = segmentation._cutter
    return cutter.cut(text), cutter.cut_for_search(text)


@pytest.mark.parametrize("text", SAMPLES)
def test_same_words_as_jieba_on_samples(text):
    assert fast(text) == reference(text)


def test_same_words_as_jieba_on_generated_prose():
    rng = random.Random(7)
    for _ in range(300):
        text = "".join(rng.choices(PIECES, k=rng.randint(1, 60)))
        assert fast(text) == reference(text), text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES + list("中华人民共和国政府信息公开条例")), max_size=30)
       .map("".join) | st.text(max_size=40))
def test_same_words_as_jieba_on_any_text(text):
    assert fast(text) == reference(text)


def test_editable_words_reach_the_fast_cutter():
    from search.models import SearchTerm

    segmentation.reload_dictionary()  # forget words an earlier test added
    assert "长处方" not in segmentation.index_tokens("推进慢病长处方")
    term = SearchTerm.objects.create(word="长处方")
    segmentation.reload_dictionary()
    assert "长处方" in segmentation.index_tokens("推进慢病长处方")
    assert fast("推进慢病长处方") == reference("推进慢病长处方")
    term.delete()
    segmentation.reload_dictionary()


def test_index_tokens_end_with_the_pairs_of_lone_characters():
    words = segmentation.index_tokens("开展控烟及约谈工作")
    assert words[:7] == ["开展", "控", "烟", "及", "约", "谈", "工作"]
    assert words[7:] == ["控烟", "烟及", "及约", "约谈"]
    assert segmentation.character_pairs(["a", "b", "卫生", "控"]) == []
