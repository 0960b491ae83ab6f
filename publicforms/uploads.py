"""An upload from the public: an allowed extension, within the size, and its content really of
that type (the start of the file, then a full parse), never trusted from its name alone."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SIGNATURES = {  # extension → how the file must begin
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}


def check_upload(upload, max_bytes: int, allowed=tuple(SIGNATURES)) -> None:
    """Raise ValidationError (Chinese) unless `upload` is a real PDF, JPG or PNG within size."""
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in allowed:
        raise ValidationError(_("只能上传 PDF、JPG 或 PNG 文件。"), code="extension")
    if upload.size > max_bytes:
        raise ValidationError(_("文件不能超过 %(mb)s MB。") % {"mb": max_bytes // (1024 * 1024)},
                              code="size")
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(SIGNATURES[extension]) or not readable(upload, extension):
        raise ValidationError(_("文件内容与扩展名不符，请上传真实的 PDF、JPG 或 PNG 文件。"),
                              code="content")


def readable(upload, extension: str) -> bool:
    """The whole file parses as what its name says: a PDF with pypdf (a readable page tree),
    an image with Pillow (fully decoded, within Pillow's pixel limit)."""
    try:
        if extension == "pdf":
            from pypdf import PdfReader

            return len(PdfReader(upload, strict=False).pages) > 0
        from PIL import Image

        with Image.open(upload) as image:
            if image.format not in {"JPEG", "PNG"} or (
                    (image.format == "PNG") != (extension == "png")):
                return False
            image.load()
        return True
    except Exception:  # any parser error: not a usable file of that type
        return False
    finally:
        upload.seek(0)
