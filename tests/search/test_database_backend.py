"""The database backend finds Chinese words inside sentences and ranks document numbers first."""

from datetime import date

import pytest

from search.backends import SearchRequest, get_backend
from search.query import plan


def search(text, **kwargs):
    return get_backend().search(SearchRequest(plan=plan(text), **kwargs))


def ids(results):
    return [hit.page_id for hit in results.hits]


NOTICE = "平顶山市卫生健康委员会关于印发民生监督大数据平台管理使用办法的通知"
# Our own sentence (not from the corpus): a plan for village clinics' drinking-water checks.
OWN = "示例县疾病预防控制中心开展乡村卫生室饮用水水质抽检工作方案"


@pytest.mark.django_db
def test_chinese_words_inside_a_sentence_are_found(make_page):
    notice = make_page("通知一则", f"<p>{NOTICE}</p>")
    own = make_page("工作方案", f"<p>{OWN}。请各单位按时报送。</p>")
    other = make_page("无关页面", "<p>本页介绍办事指南和联系电话。</p>")
    assert ids(search("民生监督")) == [notice.pk]
    assert ids(search("管理使用办法")) == [notice.pk]
    assert ids(search("饮用水水质")) == [own.pk]
    assert ids(search("乡村卫生室")) == [own.pk]
    assert other.pk not in ids(search("抽检"))


@pytest.mark.django_db
def test_document_number_in_any_typed_form_ranks_that_document_first(make_page):
    target = make_page("关于做好传染病报告工作的通知", "<p>请各医疗机构做好报告。</p>",
                       document_number="平卫〔2021〕3号")
    make_page("关于做好传染病报告工作的补充通知", "<p>此前平卫〔2021〕13号文件提到传染病报告。</p>",
              document_number="平卫〔2021〕13号")
    make_page("2021年第3号公告", "<p>平卫 2021 年度 3 号 报告 工作 通知</p>")
    for typed in ["平卫〔2021〕3号", "平卫2021 3号", "平卫[2021]3号", "平卫（2021）3号"]:
        assert ids(search(typed))[0] == target.pk, typed


@pytest.mark.django_db
def test_attachment_text_is_found(make_page, searchable):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    document = Document(title="附件")
    document.file.save("fujian.txt", ContentFile("附件所列乡镇卫生院名单及床位数。".encode()))
    page = make_page("附件页面", "<p>正文没有提到。</p>")
    searchable.meta[page.pk] = {"attachments": [document]}
    from search import index

    index.update_page(page.pk)
    assert ids(search("乡镇卫生院")) == [page.pk]


@pytest.mark.django_db
def test_very_common_words_still_rank_the_exact_document_number_first(make_page, monkeypatch):
    from search.backends import postings

    # As if the words matched thousands of pages: the threshold algorithm, one posting at a
    # time, rather than scoring every match.
    monkeypatch.setattr(postings, "DIRECT_LIMIT", 0)
    monkeypatch.setattr(postings, "FIRST_DEPTH", 1)

    target = make_page("旧文件", "<p>医疗机构管理工作。</p>", document_number="平卫〔2019〕7号",
                       published_on=date(2019, 1, 1))
    newer = [make_page(f"新文件{n}", "<p>医疗机构管理工作 平卫 2019 7 号。</p>",
                       published_on=date(2024, 1, 1 + n)) for n in range(4)]
    results = search("平卫2019 7号 医疗机构")
    assert results.total == 5 and ids(results)[0] == target.pk
    common = search("医疗机构 管理")
    # Counts and the list cover every match, whatever the window.
    assert common.total == 5
    assert sorted(ids(common)) == sorted([target.pk, *(page.pk for page in newer)])


@pytest.mark.django_db
def test_lone_characters_are_found_next_to_each_other_only(make_page):
    from search.models import IndexEntry, IndexState

    together = make_page("控烟", "<p>公共场所控烟工作检查通报。</p>")
    apart = make_page("分开", "<p>控与烟，各有规定。</p>")
    assert "控烟" in IndexEntry.objects.get(page=together).body_tokens.split()  # the pair
    assert ids(search("控烟")) == [together.pk]
    # An index written before pairs existed (version 1) is searched by the phrase.
    entry = IndexEntry.objects.get(page=together)
    entry.body_tokens = " ".join(word for word in entry.body_tokens.split() if word != "控烟")
    entry.save()
    IndexState.objects.filter(pk=IndexState.current().pk).update(token_version=1)
    assert ids(search("控烟")) == [together.pk]
    assert apart.pk not in ids(search("控烟"))
