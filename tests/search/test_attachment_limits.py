"""The search index leaves out the text of an attachment over the extraction limits (issue 13
point 4): a zip bomb costs the indexing task nothing and the page's other attachments are read."""

import logging

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from wagtail.documents import get_document_model

from search.documents import attachment_text
from tests.samples import build_text, build_xlsx_bomb

pytestmark = pytest.mark.django_db


@override_settings(TEXTEXTRACT_MAX_UNCOMPRESSED_BYTES=1024 * 1024)
def test_an_attachment_over_the_limits_is_skipped_and_the_others_are_indexed(caplog):
    Document = get_document_model()
    bomb = Document.objects.create(title="补助名单", file=ContentFile(
        build_xlsx_bomb(5 * 1024 * 1024), name="list.xlsx"))
    notice = Document.objects.create(title="通知", file=ContentFile(
        build_text(["关于做好慢性病补助发放工作的通知"]), name="notice.txt"))
    with caplog.at_level(logging.WARNING, logger="search.documents"):
        text = attachment_text([bomb, notice])
    assert text == "关于做好慢性病补助发放工作的通知"
    assert f"document {bomb.pk}" in caplog.text
