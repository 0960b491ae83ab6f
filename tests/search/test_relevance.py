"""Search finds what a citizen means (issue 16): budget tables, the disclosure guide, numbers
typed with a leading zero, current documents before repealed ones, the office's vocabulary at
query time, pages matching most words first, and no dead end at zero results."""

import datetime
from collections import Counter

import pytest

from departments.models import Department
from disclosure.models import BudgetRelease, CatalogueColumn, CatalogueRoot, PolicyDocument
from search.backends import SearchRequest, get_backend
from search.models import SearchTerm
from search.query import plan
from search.service import run_search
from search.terms import load_starting_synonyms

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(home):
    department = Department.objects.create(code="bgs", name="办公室")
    root = home.add_child(instance=CatalogueRoot(
        title="政府信息公开目录", slug="xxgk", live=True,
        guide="<p>申请人可以通过网上申请、信函申请、当面申请三种方式提出政府信息公开申请，"
              "本机关自收到申请之日起20个工作日内予以答复。</p>"))
    column = root.add_child(instance=CatalogueColumn(
        title="政策文件", slug="zcwj", department=department, intro="<p>本委制发的政策文件。</p>"))
    budgets = root.add_child(instance=CatalogueColumn(
        title="财政预决算", slug="yjs", department=department))
    return {"root": root, "column": column, "budgets": budgets}


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    def publish_page(parent, page):
        parent.add_child(instance=page)
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        page.refresh_from_db()
        assert page.live
        return page

    return publish_page


def policy(title, number, body, validity="valid", written_on=datetime.date(2024, 3, 1),
           issuing_body="示例市卫生健康委员会"):
    return PolicyDocument(title=title, slug=f"doc-{abs(hash(title)) % 10**8}", live=False,
                          issuing_body=issuing_body, document_number=number,
                          written_on=written_on, formed_on=written_on, validity=validity,
                          body=f"<p>{body}</p>")


def found(text):
    return [hit.page_id for hit in get_backend().search(SearchRequest(plan=plan(text))).hits]


def hits(text):
    return get_backend().search(SearchRequest(plan=plan(text))).hits


def test_three_public_expenses_are_found_in_a_budget_release_table(catalogue, publish):
    release = publish(catalogue["budgets"], BudgetRelease(
        title="示例市卫生健康委员会2024年部门预算", slug="ys-2024", live=False, fiscal_year=2024,
        kind="budget", approved_on=datetime.date(2024, 2, 20),
        tables=[{"sheet": "表7 “三公”经费支出表", "caption": "2024年一般公共预算“三公”经费支出表",
                 "head": [[{"text": "项目"}, {"text": "金额（万元）"}]],
                 "body": [{"cells": [{"text": "公务接待费"}, {"text": "3.20"}],
                           "total": False}]}]))
    assert found("三公经费") == [release.pk]
    assert found("公务接待费") == [release.pk]
    assert found("支出表") == [release.pk]  # the sheet's title


def test_disclosure_guide_is_found_on_the_catalogue_root_and_columns_by_name(
        catalogue, run_commit_hooks):
    from search import index

    index.rebuild()
    assert found("政府信息公开指南")[0] == catalogue["root"].pk
    assert catalogue["root"].pk in found("当面申请")
    assert catalogue["budgets"].pk in found("财政预决算")


def test_document_number_with_a_leading_zero_or_without_issuer_finds_the_document(
        catalogue, publish):
    document = publish(catalogue["column"], policy(
        "示例市基本公共卫生服务项目实施方案", "示卫发〔2024〕12号", "人均补助标准为94元。"))
    citing = publish(catalogue["column"], policy(
        "关于做好基本公共卫生服务绩效评价的通知", "示卫办〔2024〕3号",
        "根据《示例市基本公共卫生服务项目实施方案》（示卫发〔2024〕12号）开展评价。"))
    publish(catalogue["column"], policy("示例市控烟工作方案", "示卫发〔2024〕13号", "室内禁烟。"))
    for typed in ("示卫发〔2024〕012号", "示卫发[2024]12号", "示卫发2024年第12号", "〔2024〕12号",
                  "2024 12号"):
        results = found(typed)
        assert results[0] == document.pk, typed
        assert citing.pk in results[:2], typed


def test_repealed_document_ranks_below_the_document_that_replaced_it(catalogue, publish):
    old = publish(catalogue["column"], policy(
        "示例市医疗机构校验管理办法", "示卫〔2015〕4号",
        "医疗机构校验期满前三个月申请医疗机构校验。", validity="repealed",
        written_on=datetime.date(2015, 5, 1)))
    new = publish(catalogue["column"], policy(
        "示例市医疗机构执业登记和校验管理办法", "示卫规〔2023〕2号",
        "医疗机构校验实行网上办理。", written_on=datetime.date(2023, 5, 1)))
    results = hits("医疗机构校验")
    assert [hit.page_id for hit in results] == [new.pk, old.pk]
    assert results[1].validity == "已废止" and results[0].validity == "有效"


def test_a_former_agency_name_finds_the_current_commission_and_the_page_says_so(
        catalogue, publish, client):
    load_starting_synonyms()
    document = publish(catalogue["column"], policy(
        "关于开展控烟专项检查的通知", "示卫发〔2024〕2号", "卫生健康委员会组织控烟检查。"))
    assert found("卫计委 控烟")[0] == document.pk
    response = client.get("/search/", {"q": "卫计委 控烟"})
    html = response.content.decode()
    assert "同时搜索了" in html and "卫生健康委员会" in html


def test_a_vocabulary_change_in_the_admin_applies_at_query_time_without_reindexing(
        catalogue, publish):
    document = publish(catalogue["column"], policy(
        "关于延长社区夜间门诊时间的通知", "示卫办〔2024〕9号", "社区夜间门诊延长到21时。"))
    assert found("晚间诊室") == []
    SearchTerm.objects.create(word="晚间诊室", synonyms="夜间门诊")
    assert found("晚间诊室") == [document.pk]


def test_pages_holding_more_of_the_words_come_first_and_one_missing_word_does_not_hide_them(
        catalogue, publish):
    both = publish(catalogue["column"], policy(
        "关于推行预约诊疗的通知", "示卫办〔2024〕5号", "二级以上医院推行分时段预约诊疗。"))
    one = publish(catalogue["column"], policy(
        "示例市互联网医院管理细则", "示卫规〔2024〕1号", "互联网医院为复诊患者提供诊疗服务。"))
    # Three words: two of them are enough, and a page with one only is not listed.
    assert found("分时段 预约诊疗 复诊") == [both.pk]
    # Two words: either will do, a page holding both first.
    assert set(found("互联网医院 预约诊疗")) == {one.pk, both.pk}
    assert found("诊疗 预约")[0] == both.pk


def test_a_word_the_site_writes_only_another_way_counts_as_much_as_the_other_words(
        catalogue, publish):
    """'看牙' is on no page, '口腔科' stands for it: a page on 口腔科 is not worth less, for
    the query '看牙 挂号', than a page on 挂号 that holds its word no more often (the other
    name's lower weight only orders it below pages that use the word as typed)."""
    SearchTerm.objects.create(word="看牙", synonyms="口腔科")
    _other_pages(catalogue, publish)
    dentistry = publish(catalogue["column"], policy(
        "口腔科就诊须知", "示卫办〔2024〕14号", "口腔科周末开诊，口腔科急诊全天接诊。"))
    registration = publish(catalogue["column"], policy(
        "挂号就诊须知", "示卫办〔2024〕15号", "挂号周末照常，急诊全天接诊。"))
    assert found("看牙 挂号") == [dentistry.pk, registration.pk]


def _other_pages(catalogue, publish, first_also=""):
    """Pages on other topics, so that BM25 tells a word held by one page from one held by all
    (the first also saying `first_also`)."""
    for number, topic in enumerate(("献血", "控烟", "托育", "疫苗", "医保", "急救")):
        publish(catalogue["column"], policy(f"{topic}工作通知", f"示卫办〔2024〕{20 + number}号",
                                            f"做好{topic}工作。{'' if number else first_also}"))


def test_a_page_using_the_word_as_typed_counts_its_other_name_for_it_in_the_title_fully(
        catalogue, publish):
    """The title says 预约诊疗, the text 预约挂号 as typed: the page is about what was asked,
    and ranks above a page whose title holds only the commoner word of the query."""
    SearchTerm.objects.create(word="预约挂号", synonyms="预约诊疗")
    _other_pages(catalogue, publish, first_also="方便群众就医。")
    booking = publish(catalogue["column"], policy(
        "关于推行分时段预约诊疗的通知", "示卫办〔2024〕16号",
        "二级以上医院预约挂号率达到七成，时段精确到半小时。"))
    visits = publish(catalogue["column"], policy(
        "关于改善群众就医体验的通知", "示卫办〔2024〕17号", "推行检查结果互认。"))
    assert found("就医 预约挂号")[:2] == [booking.pk, visits.pk]


def test_pages_holding_the_words_under_the_names_typed_come_before_another_names_pages(
        catalogue, publish):
    """Of two pages holding both words, the one issued under the former name typed comes
    first even when it is repealed (a page holding a word only under another name loses
    OTHER_NAME_STEP a word); a page holding fewer words still comes after both."""
    SearchTerm.objects.create(word="卫计委", synonyms="卫生和计划生育委员会 卫生健康委员会")
    then = publish(catalogue["column"], policy(
        "示例市公共场所控烟规定", "示卫计发〔2014〕27号", "室内公共场所禁止吸烟，控烟监督。",
        issuing_body="示例市卫生和计划生育委员会", written_on=datetime.date(2014, 5, 30),
        validity="repealed"))
    today = publish(catalogue["column"], policy(
        "示例市公共场所控烟管理办法", "示卫规〔2021〕3号", "室内公共场所禁止吸烟，控烟监督。",
        issuing_body="示例市卫生健康委员会", written_on=datetime.date(2021, 6, 1)))
    smoke = publish(catalogue["column"],
                    policy("控烟宣传周活动方案", "示卫办〔2024〕18号", "控烟宣传周。",
                           issuing_body="示例市爱国卫生运动委员会办公室"))
    assert found("卫计委 控烟") == [then.pk, today.pk, smoke.pk]


def test_a_word_found_nowhere_lists_nothing_rather_than_the_other_words_matches(
        catalogue, publish):
    publish(catalogue["column"], policy(
        "医疗机构执业登记办理指南", "示卫办〔2024〕7号", "执业登记在网上办理。"))
    assert found("房屋产权 登记") == []


def test_zero_results_offer_a_correction_the_query_without_a_word_and_the_ways_on(
        catalogue, publish, client):
    load_starting_synonyms()
    document = publish(catalogue["column"], policy(
        "示例市家庭医生签约服务管理办法", "示卫发〔2024〕8号", "家庭医生团队为签约居民服务。"))
    corrected = run_search("家庭医声", {})
    assert corrected.corrected_to == "家庭医生"
    assert [hit.page_id for hit in corrected.results.hits] == [document.pk]
    response = client.get("/search/", {"q": "火星 家庭医生签约"})
    html = response.content.decode()
    assert "没有找到" in html
    assert "减少一个检索词试试" in html and "家庭医生签约" in html
    assert catalogue["root"].url in html and "浏览政府信息公开目录" in html


def test_a_typo_of_a_title_word_outside_the_vocabulary_is_put_right_from_the_titles(
        catalogue, publish):
    document = publish(catalogue["column"], policy(
        "示例市互联网医院管理细则", "示卫规〔2024〕1号", "互联网医院为复诊患者提供诊疗服务。"))
    assert not SearchTerm.objects.filter(word__contains="互联网").exists()
    outcome = run_search("互联网医阮", {})
    assert outcome.corrected_to == "互联网医院"
    assert [hit.page_id for hit in outcome.results.hits] == [document.pk]


def test_a_longer_title_word_is_a_better_correction_than_a_shorter_vocabulary_word(
        catalogue, publish):
    from search.suggestions import correction

    SearchTerm.objects.create(word="采购", synonyms="政府采购")
    publish(catalogue["column"], policy(
        "示例市医疗机构校验管理办法", "示卫规〔2024〕3号", "医疗机构按期申请校验。"))
    # '机购' is one character off '采购' too, but the whole '医疗机购' is off '医疗机构'.
    assert correction("医疗机购").text == "医疗机构"


def test_a_correction_changes_no_real_word_and_cuts_no_word_of_the_query_in_two(
        catalogue, publish):
    from search.suggestions import correction

    load_starting_synonyms()  # holds '老人' and '三公'
    publish(catalogue["column"], policy(
        "示例市养老机构医疗服务规范", "示卫规〔2024〕4号", "养老机构内设医务室。"))
    assert correction("个人所得税") is None  # '个人' is a word, not a typo of '老人'
    assert correction("住房公积金") is None  # no '房公' to make '三公' of
    assert correction("养犬登记") is None  # two-character title words ('养老') are no fixes
    assert correction("控咽").text == "控烟"


def test_title_words_are_read_again_after_a_while_and_the_more_common_word_wins(
        catalogue, publish, monkeypatch):
    from search import suggestions

    publish(catalogue["column"], policy(
        "示例市救护车调度规定", "示卫规〔2024〕6号", "救护车由急救指挥中心统一调度。"))
    assert suggestions.correction("救户车").text == "救护车"
    publish(catalogue["column"], policy(
        "示例市互联网医院管理细则", "示卫规〔2024〕7号", "互联网医院为复诊患者提供诊疗服务。"))
    # Read TITLE_WORDS_SECONDS ago at most: the new title is not known yet, then it is.
    assert suggestions.correction("互联网医阮") is None
    monkeypatch.setattr(suggestions, "TITLE_WORDS_SECONDS", 0)
    assert suggestions.correction("互联网医阮").text == "互联网医院"
    words = suggestions._Words(Counter({"医疗机关": 1, "医疗机构": 5}))
    assert words.one_character_off("医疗机购") == "医疗机构"  # held by more titles


def test_pinyin_typed_without_choosing_the_characters_finds_the_word_it_spells(
        catalogue, publish):
    from search.suggestions import correction

    load_starting_synonyms()  # '控烟', '献血', '家庭医生'; and the office's own 'wjw'
    document = publish(catalogue["column"], policy(
        "示例市救护车调度规定", "示卫规〔2024〕6号", "救护车由急救指挥中心统一调度。"))
    outcome = run_search("jiuhuche", {})  # a title word outside the vocabulary
    assert outcome.corrected_to == "救护车"
    assert [hit.page_id for hit in outcome.results.hits] == [document.pk]
    assert correction("jhc").text == "救护车"  # its initials
    assert correction("kongyan").text == "控烟"
    assert correction("jiating yisheng").text == "家庭医生"
    assert correction("xianxue").text == "献血"  # 血 read xue as people type it, not only xie
    assert correction("kongyan 规定").text == "控烟 规定"
    assert correction("wjw") is None  # the vocabulary's own form, searched as typed
    assert correction("hello") is None and correction("jc") is None


def test_what_people_say_finds_what_the_documents_call_it(catalogue, publish):
    load_starting_synonyms()
    care = publish(catalogue["column"], policy(
        "关于改善群众就医体验的通知", "示卫发〔2024〕11号", "推行检查结果互认。"))
    unlicensed = publish(catalogue["column"], policy(
        "关于严厉打击非法行医的通告", "示卫发〔2024〕12号", "未取得执业许可擅自执业的依法查处。"))
    ambulance = publish(catalogue["column"], policy(
        "示例市院前医疗急救管理办法", "示卫规〔2024〕13号", "急救站点按服务半径设置。"))
    assert found("看病") == [care.pk]
    assert found("黑诊所") == [unlicensed.pk]
    assert found("救护车") == [ambulance.pk]


def test_an_interpretations_questions_and_answers_are_searchable(
        catalogue, publish, django_capture_on_commit_callbacks):
    import json

    from disclosure.models import PolicyInterpretation

    document = publish(catalogue["column"], policy(
        "示例市院前医疗急救管理办法", "示卫发〔2024〕21号", "急救站点按服务半径设置。"))
    interpretation = PolicyInterpretation(
        title="院前医疗急救管理办法问答", slug="jd-jijiu", live=False, form="qa",
        interpreter="市卫生健康委医政处",
        body=json.dumps([{"type": "question_answer", "value": {
            "question": "呼叫救护车后多久能到达？",
            "answer": "<p>城区平均反应时间不超过十二分钟。</p>"}}], ensure_ascii=False))
    catalogue["column"].add_child(instance=interpretation)
    interpretation.documents.set([document])
    interpretation.save()
    with django_capture_on_commit_callbacks(execute=True):
        interpretation.save_revision().publish()
    assert found("救护车") == [interpretation.pk]  # the question
    assert found("反应时间") == [interpretation.pk]  # the answer


def test_a_normative_document_is_found_by_its_genre(catalogue, publish):
    normative = policy("示例市医疗机构依法执业自查管理办法", "示卫规〔2024〕2号",
                       "医疗机构每年开展一次依法执业自查。")
    normative.genre = "normative"
    other = policy("关于开展医疗机构依法执业自查工作的通知", "示卫发〔2024〕30号",
                   "请各医疗机构按要求开展自查。")
    other.genre = "other"
    normative, other = (publish(catalogue["column"], page) for page in (normative, other))
    assert found("规范性文件 医疗机构")[0] == normative.pk
    assert found("行政规范性文件") == [normative.pk]
    assert other.pk not in found("其他文件")  # the catch-all genre is not indexed


def test_a_former_agency_name_finds_the_documents_it_issued_before_those_of_its_successor(
        catalogue, publish):
    """'卫计委' is short for 卫生和计划生育委员会 (its characters in order), while 卫生健康委员会
    is the agency that followed it: both are found, the former one's documents first."""
    SearchTerm.objects.create(word="卫计委", synonyms="卫生和计划生育委员会 卫生健康委员会")
    # The same title and text: only the issuer tells them apart (and the newer one would come
    # first of two equals).
    then = publish(catalogue["column"], policy(
        "示例市公共场所控烟管理办法", "示卫计发〔2014〕27号", "室内公共场所禁止吸烟。",
        issuing_body="示例市卫生和计划生育委员会", written_on=datetime.date(2014, 5, 30)))
    today = publish(catalogue["column"], PolicyDocument(
        title="示例市公共场所控烟管理办法", slug="kongyan-2021", live=False,
        issuing_body="示例市卫生健康委员会", document_number="示卫规〔2021〕3号",
        written_on=datetime.date(2021, 6, 1), formed_on=datetime.date(2021, 6, 1),
        validity="valid", body="<p>室内公共场所禁止吸烟。</p>"))
    assert found("卫计委 控烟") == [then.pk, today.pk]


def test_the_same_name_shortened_counts_more_than_another_name_and_pinyin_goes_through_the_term():
    from search.query import ABBREVIATION_WEIGHT, SYNONYM_WEIGHT, form_weight

    assert form_weight("卫计委", "卫生和计划生育委员会", "卫健委") == ABBREVIATION_WEIGHT
    assert form_weight("卫计委", "卫生健康委员会", "卫健委") == SYNONYM_WEIGHT
    assert form_weight("控烟", "控制吸烟", "控烟") == ABBREVIATION_WEIGHT
    assert form_weight("控烟", "禁烟", "控烟") == SYNONYM_WEIGHT
    assert form_weight("wjw", "卫健委", "卫健委") == ABBREVIATION_WEIGHT
    assert form_weight("wjw", "卫生健康委员会", "卫健委") == ABBREVIATION_WEIGHT
    assert form_weight("wjw", "卫生和计划生育委员会", "卫健委") == SYNONYM_WEIGHT


def test_each_word_the_title_holds_counts_by_the_weight_of_the_form_found_there():
    from search.backends.database import title_words
    from search.query import ABBREVIATION_WEIGHT

    SearchTerm.objects.create(word="卫计委", synonyms="卫生和计划生育委员会 卫生健康委员会")
    query = plan("卫计委 预算")
    assert title_words(query, "示例市卫计委2016年部门预算") == 2.0
    assert title_words(query, "示例市卫生和计划生育委员会2016年部门预算") == \
        1.0 + ABBREVIATION_WEIGHT
    assert title_words(query, "示例市疾病预防控制中心单位预算") == 1.0
    assert title_words(query, "示例市控烟工作方案") == 0.0
