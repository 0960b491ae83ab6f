"""The reply types: a fixed tree whose leaves are the only ways an application can end.

The reply types of 条例 第三十六、三十七条 and of the table of 国办公开办函〔2021〕30号:
every application ends in exactly one leaf below; the annual report counts them row by row.
Each leaf names its legal basis and the sentence the reply letter (答复书) opens with.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ReplyType:
    """One leaf of the tree: how an application ended, and why in law."""

    code: str
    label: str
    group: str
    basis: str
    letter_text: str
    releases_information: bool = False
    lapse: bool = False  # ends the application as withdrawn, without a decision on the merits


@dataclass(frozen=True)
class ReplyGroup:
    code: str
    label: str
    leaves: tuple[ReplyType, ...]


def _group(code, label, *leaves):
    return ReplyGroup(code, label, tuple(ReplyType(group=code, **leaf) for leaf in leaves))


REPLY_TREE = (
    _group("disclosed", _("予以公开"), dict(
        code="disclosed", label=_("予以公开"), basis=_("《条例》第三十六条第（一）、（二）项"),
        letter_text=_("经审查，您申请获取的政府信息属于公开范围，现予以提供（或告知获取方式）。"),
        releases_information=True)),
    _group("partly", _("部分公开"), dict(
        code="partly_disclosed", label=_("部分公开"), basis=_("《条例》第三十七条"),
        letter_text=_("经审查，您申请获取的政府信息中含有不应当公开的内容，"
                      "但能够作区分处理，现将可以公开的部分提供给您，不予公开的部分说明理由如下。"),
        releases_information=True)),
    _group("withheld", _("不予公开"),
           dict(code="withheld_state_secret", label=_("属于国家秘密"),
                basis=_("《条例》第十四条"),
                letter_text=_("经审查，您申请获取的政府信息属于国家秘密，依法不予公开。")),
           dict(code="withheld_forbidden_by_law", label=_("其他法律行政法规禁止公开"),
                basis=_("《条例》第十四条"),
                letter_text=_("经审查，法律、行政法规禁止公开您申请获取的政府信息，依法不予公开。")),
           dict(code="withheld_security_stability", label=_("危及“三安全一稳定”"),
                basis=_("《条例》第十四条"),
                letter_text=_("经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、"
                              "经济安全或者社会稳定，依法不予公开。")),
           dict(code="withheld_third_party", label=_("保护第三方合法权益"),
                basis=_("《条例》第十五条"),
                letter_text=_("经审查，您申请获取的政府信息涉及商业秘密或个人隐私，"
                              "公开会对第三方合法权益造成损害，依法不予公开。")),
           dict(code="withheld_internal_affairs", label=_("属于三类内部事务信息"),
                basis=_("《条例》第十六条第一款"),
                letter_text=_("经审查，您申请获取的信息属于本机关的内部事务信息，可以不予公开。")),
           dict(code="withheld_process_information", label=_("属于四类过程性信息"),
                basis=_("《条例》第十六条第二款"),
                letter_text=_("经审查，您申请获取的信息属于履行行政管理职能过程中形成的过程性信息，"
                              "可以不予公开。")),
           dict(code="withheld_enforcement_file", label=_("属于行政执法案卷"),
                basis=_("《条例》第十六条第二款"),
                letter_text=_("经审查，您申请获取的信息属于行政执法案卷信息，可以不予公开。")),
           dict(code="withheld_administrative_query", label=_("属于行政查询事项"),
                basis=_("《条例》第三十六条第（七）项"),
                letter_text=_("经审查，您申请获取的信息属于有关法律、行政法规对获取方式有特别规定的"
                              "查询事项，请依照相关规定办理。"))),
    _group("unavailable", _("无法提供"),
           dict(code="unavailable_not_held", label=_("本机关不掌握相关政府信息"),
                basis=_("《条例》第三十六条第（四）、（五）项"),
                letter_text=_("经检索，本机关未制作或获取您申请的政府信息；"
                              "能够确定负责公开的机关的，已在下文告知其名称和联系方式。")),
           dict(code="unavailable_needs_creation", label=_("没有现成信息需要另行制作"),
                basis=_("《条例》第三十八条"),
                letter_text=_("经审查，本机关没有您申请的现成信息，提供需要对现有政府信息进行加工、"
                              "分析，本机关可以不予提供。")),
           dict(code="unavailable_still_unclear", label=_("补正后申请内容仍不明确"),
                basis=_("《条例》第三十条"),
                letter_text=_("您补正后的申请内容仍不明确，本机关无法确定您所需的政府信息。"))),
    _group("not_handled", _("不予处理"),
           dict(code="not_handled_petition", label=_("信访举报投诉类申请"),
                basis=_("《条例》第三十九条第一款"),
                letter_text=_("您提出的事项属于信访、投诉、举报，不属于政府信息公开申请，"
                              "请通过相应渠道提出。")),
           dict(code="not_handled_repeat", label=_("重复申请"),
                basis=_("《条例》第三十六条第（六）项"),
                letter_text=_("本机关已就您申请公开的相同政府信息作出答复，不予重复处理。")),
           dict(code="not_handled_publication", label=_("要求提供公开出版物"),
                basis=_("《条例》第三十九条第二款"),
                letter_text=_("您要求提供的是公开出版物，请通过公开发行渠道获取，获取途径见下文。")),
           dict(code="not_handled_excessive", label=_("无正当理由大量反复申请"),
                basis=_("《条例》第三十五条"),
                letter_text=_("您申请公开政府信息的数量、频次明显超过合理范围，"
                              "且未能说明理由或理由不合理，本机关不予处理。")),
           dict(code="not_handled_confirmation", label=_("要求行政机关确认或重新出具已获取信息"),
                basis=_("《条例》第三十九条第二款"),
                letter_text=_("您要求本机关确认或者重新出具已经获取的信息，不属于政府信息公开申请，"
                              "本机关不作为政府信息公开申请处理。"))),
    _group("other", _("其他处理"),
           dict(code="other_no_correction", label=_("申请人逾期不补正，视为撤回申请"),
                basis=_("《条例》第三十条"),
                letter_text=_("您未在补正期限内补正申请，视为放弃申请，本机关不再处理该申请。"),
                lapse=True),
           dict(code="other_fee_unpaid", label=_("申请人逾期未缴纳信息处理费，视为撤回申请"),
                basis=_("《条例》第四十二条；国办函〔2020〕109号"),
                letter_text=_("您未在收费通知规定的期限内缴纳信息处理费，视为放弃申请，"
                              "本机关不再处理该申请。"),
                lapse=True),
           dict(code="other_other", label=_("其他"), basis=_("《条例》"),
                letter_text=_("本机关对您的申请作如下处理。"))),
)

REPLY_TYPES = {leaf.code: leaf for group in REPLY_TREE for leaf in group.leaves}
REPLY_CHOICES = [(group.label, [(leaf.code, leaf.label) for leaf in group.leaves])
                 for group in REPLY_TREE]
# The reply types staff choose from (the two lapses are recorded by the clock, not by hand).
DECISION_CHOICES = [(group.label, [(leaf.code, leaf.label) for leaf in group.leaves
                                   if not leaf.lapse])
                    for group in REPLY_TREE]
PARTLY_DISCLOSED = "partly_disclosed"
NO_CORRECTION = "other_no_correction"
FEE_UNPAID = "other_fee_unpaid"


def reply_type(code: str) -> ReplyType:
    return REPLY_TYPES[code]
