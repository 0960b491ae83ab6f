"""StreamField blocks of the disclosure pages: the questions and answers of an interpretation."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class QuestionAnswerBlock(blocks.StructBlock):
    """One question of a Q&A interpretation (问答式解读) and its answer."""

    question = blocks.CharBlock(label=_("问题"), max_length=300)
    answer = blocks.RichTextBlock(label=_("回答"), features=["bold", "ol", "ul", "link"])

    class Meta:
        icon = "help"
        label = _("问答")
        template = "disclosure/blocks/question_answer.html"


class InterpretationBodyBlock(blocks.StreamBlock):
    """The body of an interpretation: paragraphs, headed sections and Q&A pairs."""

    paragraph = blocks.RichTextBlock(label=_("段落"),
                                     features=["h2", "h3", "bold", "ol", "ul", "link"])
    question_answer = QuestionAnswerBlock()

    class Meta:
        label = _("正文")
