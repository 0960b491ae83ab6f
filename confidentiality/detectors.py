"""The detectors of the confidentiality check (保密审查): what may never be published.

Legal basis: 条例 第十四条 (state secrets: 绝密/机密/秘密
markings, ★, 保密期限), 第十五条 (personal privacy: ID numbers, phone numbers, bank cards,
home addresses, patients' names with diagnoses), 第十六条 (internal affairs and process
information: drafts, discussion records, requests for instructions), and corpus 004
网站管理制度 第十四条.

`find_spans(text, terms)` runs every detector over one string and returns `Hit`s (offsets into
that string). Precision matters as much as recall: a number is reported only when it passes
the check that real identifiers pass (ID check character, Luhn, mobile prefix, valid birth
date), never because it merely has the right length; the identifiers and their masks are
`personaldata`'s, shared with the rooms that keep personal data out of logs and lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import personaldata

from .report import (
    ADDRESS,
    BANK_CARD,
    BLOCK,
    CLASSIFICATION,
    EMAIL,
    ID_NUMBER,
    MOBILE,
    NAME_DIAGNOSIS,
    PASSPORT,
    PROCESS_INFO,
    SENSITIVE_TERM,
    WARN,
)

CLASSIFIED_INFORMATION_ARTICLE = "条例 第十四条"
PRIVACY_ARTICLE = "条例 第十五条"
PROCESS_INFORMATION_ARTICLE = "条例 第十六条"

# Pieces of text are joined with this character before scanning; no pattern matches it, so a
# finding never spans two cells, pages or fields.
SEPARATOR = "\x1e"


@dataclass(frozen=True)
class Hit:
    """A detector's match: offsets into the scanned string, and how to report it."""

    start: int
    end: int
    kind: str
    severity: str
    suggestion: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Term:
    """A sensitive word or phrase from the disclosure office's list."""

    term: str
    severity: str
    note: str = ""


def find_spans(text: str, terms: list[Term] | tuple[Term, ...] = ()) -> list[Hit]:
    """Every hit of every detector in `text`, in order of position."""
    scan = personaldata.to_ascii_width(text)
    hits: list[Hit] = []
    hits += _classification_marks(scan)
    hits += _identifiers(text)
    hits += _emails(scan, text)
    hits += _passports(scan, text)
    hits += _addresses(scan, text)
    hits += _names_with_diagnosis(scan, text)
    hits += _process_information(scan)
    if terms:
        hits += _sensitive_terms(scan, terms)
    return _deduplicate(hits)


# --- state secrets (条例 第十四条) ------------------------------------------------------------

_CLASSIFICATION_PATTERNS = [
    # 秘密★1年, 机密★, 绝密★长期 (GB/T 9704 7.2.2)
    re.compile(r"(?:绝密|机密|秘密)\s*[★☆]\s*(?:\d+\s*(?:年|个月)|长期)?"),
    # 密级：机密
    re.compile(r"(?:密\s*级|保密等级)\s*[:：]?\s*(?:绝密|机密|秘密)"),
    # 保密期限：10年 (or the label alone)
    re.compile(r"保密期限(?:\s*[:：]?\s*(?:\d+\s*(?:年|个月)|长期))?"),
    # a classification word standing alone on a line or in a cell, as a marking does
    re.compile(r"(?:^|(?<=[\n\x1e]))[ \t【\[（(]*(?:绝密|机密|秘密)[ \t】\]）)]*(?=[\n\x1e]|$)"),
    # internal-circulation marks
    re.compile(r"内部(?:资料|文件|刊物|材料|明电|传阅|参考|使用|事项)|注意保密|(?:不得|严禁|请勿|禁止|不准)外传"
               r"|仅供内部|仅限内部|密件"),
]


def _classification_marks(text: str) -> list[Hit]:
    # Every marking but the internal-circulation ones holds 密: without it, skip those
    # patterns (a long table of numbers and names has none, and each pattern is a full pass).
    patterns = _CLASSIFICATION_PATTERNS if "密" in text else _CLASSIFICATION_PATTERNS[-1:]
    return [
        Hit(match.start(), match.end(), CLASSIFICATION, BLOCK, None, CLASSIFIED_INFORMATION_ARTICLE)
        for pattern in patterns
        for match in pattern.finditer(text)
    ]


# --- identifiers (条例 第十五条) ---------------------------------------------------------------

_IDENTIFIER_KINDS = {personaldata.ID_NUMBER: ID_NUMBER, personaldata.MOBILE: MOBILE,
                     personaldata.BANK_CARD: BANK_CARD}


def _identifiers(original: str) -> list[Hit]:
    """ID numbers, bank cards and mobile numbers that pass their checks (personaldata)."""
    return [Hit(found.start, found.end, _IDENTIFIER_KINDS[found.kind], BLOCK,
                personaldata.mask_identifier(original, found), PRIVACY_ARTICLE)
            for found in personaldata.find_identifiers(original) if found.checked]


# --- email and passport (条例 第十五条) --------------------------------------------------------

_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
                    r"(?![A-Za-z0-9])")
# A government body's own mailbox is published contact information (条例 第十九条 公开指南), so
# it is only a warning; any other address is personal data.
ORGANISATION_MAIL_DOMAINS = (".gov.cn", ".gov")


def _emails(text: str, original: str) -> list[Hit]:
    hits = []
    for match in _EMAIL.finditer(text):
        address = match.group(0)
        domain = address.rsplit("@", 1)[1].lower()
        official = domain.endswith(ORGANISATION_MAIL_DOMAINS)
        hits.append(Hit(match.start(), match.end(), EMAIL, WARN if official else BLOCK,
                        None if official else personaldata.mask_email(original[match.start():match.end()]),
                        "机关公开的联系邮箱" if official else PRIVACY_ARTICLE))
    return hits


# Ordinary electronic passports: E + 8 digits, or E + a letter (not I or O) + 7 digits.
_PASSPORT = re.compile(r"(?<![A-Za-z0-9])(E(?:\d{8}|[A-HJ-NP-Z]\d{7}))(?![A-Za-z0-9])")
# Older and other forms (G12345678, P1234567, C12345678 permits) only where the text says so.
_PASSPORT_LABELLED = re.compile(
    r"(?:护照|通行证|旅行证)(?:号码|号)?[^0-9A-Za-z\n\x1e。；;]{0,6}?"
    r"(?<![A-Za-z0-9])([A-Z]{1,2}\d{6,8})(?![A-Za-z0-9])")


def _passports(text: str, original: str) -> list[Hit]:
    hits = {}
    for pattern in (_PASSPORT, _PASSPORT_LABELLED):
        for match in pattern.finditer(text):
            start, end = match.span(1)
            hits[start] = Hit(start, end, PASSPORT, BLOCK,
                              personaldata.mask_passport(original[start:end]), PRIVACY_ARTICLE)
    return list(hits.values())


# --- home addresses (条例 第十五条) ------------------------------------------------------------

_STREET = r"(?:路|街|大道|巷|胡同|弄|小区|花园|家园|公寓|新村|村|社区|苑)"
_RESIDENTIAL = ("小区", "花园", "家园", "公寓", "新村", "村", "社区", "苑")
_ADDRESS_TAIL = re.compile(
    r"(?P<suffix>" + _STREET + r")"
    r"(?P<rest>[\u4e00-\u9fff]{0,3}?\d+(?:-\d+)*\s*(?:号院|号楼|号|栋|幢|座|组)"
    r"(?:\s*[\u4e00-\u9fff]{0,2}?\d+(?:-\d+)*\s*(?:号楼|栋|幢|座|单元|层|楼|号|室|户))*)")
# Where to look: a street word with a number close after it (cheap to find in long text).
_ADDRESS_ANCHOR = re.compile(_STREET + r"(?=[\u4e00-\u9fff]{0,3}?\d)")
_ADDRESS_STOP = re.compile(r".*[住于在址为是的：:，,、省市区县镇乡]")
_STREET_NAME_LENGTH = 8


def _addresses(scan: str, original: str) -> list[Hit]:
    """A street or village with a house number. Down to a room, a flat, or in a residential
    compound or village it is a home: blocking. A bare street and number may be an office's
    published address: a warning."""
    hits = []
    for anchor in _ADDRESS_ANCHOR.finditer(scan):
        match = _ADDRESS_TAIL.match(scan, anchor.start())
        if match is None:
            continue
        street_start = anchor.start()
        limit = max(0, street_start - _STREET_NAME_LENGTH)
        while street_start > limit and "\u4e00" <= scan[street_start - 1] <= "\u9fff":
            street_start -= 1
        stop = _ADDRESS_STOP.match(scan, street_start, anchor.start())
        if stop:
            street_start = stop.end()
        street = scan[street_start:match.end("suffix")]
        rest = match.group("rest")
        numbered_parts = len(re.findall(r"\d+", rest))
        if numbered_parts == 1 and rest.endswith("组"):
            continue  # 东方村3组: a village group, not yet a house
        home = (numbered_parts > 1 or re.search(r"室|户|单元", rest) is not None
                or street.endswith(_RESIDENTIAL))
        hits.append(Hit(street_start, match.end(), ADDRESS, BLOCK if home else WARN,
                        original[street_start:match.start("rest")]
                        + personaldata.mask_digits(original[match.start("rest"):match.end()]),
                        PRIVACY_ARTICLE if home else "门牌地址，请确认不是个人住址"))
    return hits


# --- a person's name next to a diagnosis (条例 第十五条) ---------------------------------------

_COMPOUND_SURNAMES = ("欧阳|司马|诸葛|上官|东方|皇甫|令狐|慕容|尉迟|公孙|夏侯|司徒|长孙|宇文|轩辕"
                      "|端木|独孤|南宫|西门|百里|呼延|澹台|公冶|太史|申屠")
_SINGLE_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左"
    "柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶"
    "解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬"
    "边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
# A surname and one or two given-name characters; 某 (张某某) is already anonymous.
_NAME = rf"(?:{_COMPOUND_SURNAMES}|[{_SINGLE_SURNAMES}])(?:(?![某其等])[\u4e00-\u9fff]){{1,2}}"
_PERSON_WORDS = "患者|病人|病例|病患|确诊者|感染者|死者|姓名|居民|村民|职工|学生|儿童|老人"
_NAME_LIKE = [
    # 患者张三， / 姓名：李四（ — the name ends where the words do
    re.compile(rf"(?:{_PERSON_WORDS})[:：]?\s*(?P<name>{_NAME})"
               r"(?=[，,、（(\s:：。；;]|男|女|\d|$)"),
    # 张三，男，45岁 / 李四（女，60岁）
    re.compile(rf"(?P<name>{_NAME})\s*[，,（(]?\s*(?:男|女)\s*[，,、]?\s*\d{{1,3}}\s*岁"),
    # 王小明患有糖尿病 / 赵六确诊为…
    re.compile(rf"(?P<name>{_NAME})(?=(?:被|已|经)?(?:患有|罹患|确诊|诊断为|因患|死于|感染))"),
]
_DIAGNOSIS = re.compile(
    r"确诊|诊断|患有|罹患|因患|感染|阳性|病史|住院|就诊|病故|死于|艾滋病|HIV|梅毒|结核|肝炎|癌|肿瘤|白血病"
    r"|精神分裂|精神病|抑郁症|糖尿病|高血压|心脏病|脑梗|尿毒症|传染病|新冠|肺炎|残疾|不孕|流产")
_CLAUSE_END = re.compile(r"[。；;！!？?\n\x1e]")
_WINDOW = 40


def _names_with_diagnosis(scan: str, original: str) -> list[Hit]:
    """A name (as a person is named in a record: 患者张三， / 张三，男，45岁 / 张三患有) in the
    same clause as a diagnosis: blocking; the suggestion masks the name (张*三)."""
    hits = {}
    if not _DIAGNOSIS.search(scan):
        return []  # no diagnosis anywhere, so no name is next to one
    for pattern in _NAME_LIKE:
        for match in pattern.finditer(scan):
            start, end = match.span("name")
            if start in hits:
                continue
            diagnosis = _diagnosis_in_clause(scan, start, end)
            if diagnosis is None:
                continue
            span_start, span_end = min(start, diagnosis[0]), max(end, diagnosis[1])
            suggestion = (original[span_start:start] + personaldata.mask_name(original[start:end])
                          + original[end:span_end])
            hits[start] = Hit(span_start, span_end, NAME_DIAGNOSIS, BLOCK, suggestion,
                              PRIVACY_ARTICLE)
    return list(hits.values())


def _diagnosis_in_clause(scan: str, start: int, end: int) -> tuple[int, int] | None:
    clause_end = _CLAUSE_END.search(scan, end, end + _WINDOW)
    after = _DIAGNOSIS.search(scan, end, clause_end.start() if clause_end else end + _WINDOW)
    if after:
        return after.span()
    window_start = max(0, start - _WINDOW)
    before_text = scan[window_start:start]
    ends = list(_CLAUSE_END.finditer(before_text))
    clause_start = window_start + (ends[-1].end() if ends else 0)
    before = list(_DIAGNOSIS.finditer(scan, clause_start, start))
    return before[-1].span() if before else None


# --- process information (条例 第十六条) -------------------------------------------------------

_PROCESS = re.compile(r"征求意见稿|送审稿|讨论稿|审议稿|修改稿|草案稿|初稿|请示")


def _process_information(text: str) -> list[Hit]:
    return [Hit(match.start(), match.end(), PROCESS_INFO, WARN, None, PROCESS_INFORMATION_ARTICLE)
            for match in _PROCESS.finditer(text)]


# --- the disclosure office's own list ------------------------------------------------------


def _sensitive_terms(text: str, terms) -> list[Hit]:
    by_text = {}
    for term in terms:
        key = personaldata.to_ascii_width(term.term.strip())
        if key and (key not in by_text or term.severity == BLOCK):
            by_text[key] = term
    if not by_text:
        return []
    pattern = re.compile("|".join(re.escape(key) for key in sorted(by_text, key=len, reverse=True)))
    return [
        Hit(match.start(), match.end(), SENSITIVE_TERM, by_text[match.group(0)].severity, None,
            by_text[match.group(0)].note)
        for match in pattern.finditer(text)
    ]


def _deduplicate(hits: list[Hit]) -> list[Hit]:
    """One hit per kind and place: overlapping hits of one kind keep the longest."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if any(other.kind == hit.kind and hit.start < other.end and other.start < hit.end
               for other in kept[-8:]):
            continue
        kept.append(hit)
    return kept
