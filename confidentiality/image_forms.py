"""The image form of the admin (WAGTAILIMAGES_IMAGE_FORM_BASE): tells the editor what an
upload's metadata gave away and that it was removed (条例 第十五条).

The upload hook in `exif.py` strips the metadata and writes what it found to the audit log;
this form reads that entry back, so the notice appears on the image's edit page and in the
edit form the multiple uploader shows under each uploaded picture.
"""

import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from PIL import Image
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm
from wagtail.models import ModelLogEntry

from .exif import EXIF_LOG_ACTION

# EXIF tag names (exif.py) as the editor reads them.
TAG_LABELS = {
    "Make": _lazy("厂商"), "Model": _lazy("型号"), "Software": _lazy("软件"),
    "HostComputer": _lazy("计算机"), "BodySerialNumber": _lazy("机身序列号"),
    "LensMake": _lazy("镜头厂商"), "LensModel": _lazy("镜头型号"),
    "LensSerialNumber": _lazy("镜头序列号"), "Artist": _lazy("作者"),
    "Copyright": _lazy("版权"), "XPAuthor": _lazy("作者"), "ImageDescription": _lazy("图片说明"),
    "CameraOwnerName": _lazy("相机所有者"), "UserComment": _lazy("用户注释"),
}


def _labels(names) -> str:
    return "、".join(dict.fromkeys(str(TAG_LABELS.get(name, name)) for name in names))


def metadata_notice(image) -> str:
    """One sentence on what the image's upload carried, or "" when it carried nothing."""
    if image is None or image.pk is None:
        return ""
    entry = (ModelLogEntry.objects.filter(action=EXIF_LOG_ACTION, object_id=str(image.pk),
                                          content_type__model=image._meta.model_name,
                                          content_type__app_label=image._meta.app_label)
             .order_by("-timestamp", "-pk").first())
    if entry is None:
        return ""
    data = entry.data or {}
    found = []
    if data.get("gps"):
        found.append(_("拍摄位置（GPS）"))
    if data.get("device"):
        found.append(_("拍摄设备（%(names)s）") % {"names": _labels(data["device"])})
    if data.get("owner"):
        found.append(_("作者或所有者（%(names)s）") % {"names": _labels(data["owner"])})
    if not found:
        found.append(_("其他元数据"))
    what = "、".join(found)
    if data.get("stripped"):
        return _("上传的图片含有%(what)s，已在保存前移除（条例 第十五条）。") % {"what": what}
    return _("上传的图片含有%(what)s，该格式无法自动移除，请用已去除元数据的图片替换"
             "（条例 第十五条）。") % {"what": what}


class HeaderCheckedImageField(WagtailImageField):
    """Wagtail's image field, with Wagtail's own pixel limit (WAGTAILIMAGES_MAX_IMAGE_PIXELS)
    applied first to the size written in the file's header.

    Wagtail asks Willow for the size, and Willow's Pillow plugin decodes every pixel to answer
    (twice: once for the size, once for the frame count): a 121-megapixel upload cost seconds
    and hundreds of megabytes before it was refused. Same limit, same message, no decoding.
    """

    @classmethod
    def replacing(cls, field):
        """This field in place of Wagtail's `field`, with its label, widget and help text."""
        return cls(label=field.label, required=field.required, widget=field.widget,
                   help_text=field.help_text, initial=field.initial)

    def check_image_pixel_size(self, f):
        size = _header_size(f.image.f) if self.max_image_pixels is not None else None
        if size is not None and size[0] * size[1] > self.max_image_pixels:
            raise ValidationError(
                self.error_messages["file_too_many_pixels"] % {
                    "num_pixels": size[0] * size[1], "max_pixels_count": self.max_image_pixels},
                code="file_too_many_pixels")
        super().check_image_pixel_size(f)


def _header_size(fileobj) -> tuple[int, int] | None:
    """(width, height) from an image's header, or None when Pillow cannot tell without more
    (Wagtail's own check then decides, as before)."""
    position = fileobj.tell()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(fileobj) as image:  # reads the header; pixels are decoded on load()
                return image.size
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        fileobj.seek(position)


class ImageForm(BaseImageForm):
    """Wagtail's image form, with the metadata notice under the file field (under the title in
    the multiple uploader's form, which has no file field), and the pixel limit checked on
    the header (HeaderCheckedImageField)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"] = HeaderCheckedImageField.replacing(self.fields["file"])
        notice = metadata_notice(self.instance)
        field = next((self.fields[name] for name in ("file", "title") if name in self.fields),
                     None)
        if notice and field is not None:
            field.help_text = f"{notice} {field.help_text or ''}".strip()
