"""Image metadata (EXIF): reported and stripped when an image is uploaded to Wagtail.

A photo's EXIF can give away where it was taken (GPS), with which device (make, model,
serial number) and by whom (artist, owner, copyright): personal data under 条例 第十五条
that must not be published with the picture. On every new or replaced image file (admin
upload, multiple upload, API, import) the file is rewritten without its metadata before it is
stored, and what was found goes to the audit log (action `publishing.exif_stripped`, shown in
Wagtail's site history report and the image's history) and is shown to the editor on the
image's form (image_forms.py).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models.signals import post_save, pre_save
from PIL import Image, ImageOps, UnidentifiedImageError
from PIL.ExifTags import IFD

# Named when the scanner lived in publishing; the name is stored in audit-log rows, which
# are never rewritten, so it stays.
EXIF_LOG_ACTION = "publishing.exif_stripped"
PRIVACY_ARTICLE = "条例 第十五条"

logger = logging.getLogger(__name__)

# EXIF tags by what they give away.
DEVICE_TAGS = {0x010F: "Make", 0x0110: "Model", 0x0131: "Software", 0x013C: "HostComputer"}
DEVICE_EXIF_TAGS = {0xA431: "BodySerialNumber", 0xA433: "LensMake", 0xA434: "LensModel",
                    0xA435: "LensSerialNumber"}
OWNER_TAGS = {0x013B: "Artist", 0x8298: "Copyright", 0x9C9D: "XPAuthor", 0x010E: "ImageDescription"}
OWNER_EXIF_TAGS = {0xA430: "CameraOwnerName", 0x9286: "UserComment"}
ORIENTATION = 0x0112
STRIPPABLE_FORMATS = {"JPEG", "PNG", "WEBP", "TIFF"}
WAGTAIL_DEFAULT_MAX_PIXELS = 128 * 1000 * 1000  # wagtail/images/fields.py


@dataclass
class MetadataReport:
    """What an image's metadata said, and whether it was stripped."""

    gps: dict = field(default_factory=dict)
    device: dict = field(default_factory=dict)
    owner: dict = field(default_factory=dict)
    other_tags: int = 0
    has_metadata: bool = False
    stripped: bool = False

    @property
    def is_sensitive(self) -> bool:
        return bool(self.gps or self.device or self.owner)

    def as_dict(self) -> dict:
        return {"gps": self.gps, "device": self.device, "owner": self.owner,
                "other_tags": self.other_tags, "stripped": self.stripped,
                "article": PRIVACY_ARTICLE}


def read_metadata(fileobj) -> MetadataReport:
    """Read GPS, device and owner data from an image's EXIF (and note XMP/text chunks)."""
    report = MetadataReport()
    with Image.open(fileobj) as image:
        _read_into(image, report)
    return report


def strip_metadata(data: bytes) -> tuple[bytes | None, MetadataReport]:
    """(the image without metadata, or None if nothing to strip or not strippable; report)."""
    report = MetadataReport()
    try:
        image = Image.open(io.BytesIO(data))  # reads the header only
        if _pixels(image) > max_image_pixels():
            return None, report  # never decoded; Wagtail's form refuses it (too many pixels)
        image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None, report
    _read_into(image, report)
    if not report.has_metadata or image.format not in STRIPPABLE_FORMATS:
        return None, report
    if getattr(image, "is_animated", False):
        return None, report  # re-encoding would lose the frames; reported, not stripped
    image_format = image.format
    options = {}
    icc = image.info.get("icc_profile")
    if icc:
        options["icc_profile"] = icc  # colour, not personal data
    orientation = image.getexif().get(ORIENTATION, 1)
    if orientation != 1:
        image = ImageOps.exif_transpose(image)  # keep the picture upright without the tag
    if image_format == "JPEG":
        if orientation == 1:
            options.update(quality="keep", subsampling="keep")  # no re-quantisation loss
        else:
            options["quality"] = 95
        if image.info.get("progressive"):
            options["progressive"] = True
    elif image_format == "WEBP":
        options.update(quality=90, lossless=bool(image.info.get("lossless")))
    output = io.BytesIO()
    image.save(output, format=image_format, **options)
    report.stripped = True
    return output.getvalue(), report


def max_image_pixels() -> int:
    """Wagtail's own upload limit (WAGTAILIMAGES_MAX_IMAGE_PIXELS, 128 MP when unset); when it
    is switched off (None), Pillow's decompression-bomb threshold."""
    limit = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", WAGTAIL_DEFAULT_MAX_PIXELS)
    return limit if limit is not None else Image.MAX_IMAGE_PIXELS


def _pixels(image) -> int:
    return image.width * image.height  # from the header: counting frames would decode them


def _read_into(image, report: MetadataReport) -> None:
    exif = image.getexif()
    details = exif.get_ifd(IFD.Exif) if exif else {}
    gps = exif.get_ifd(IFD.GPSInfo) if exif else {}
    for tag, name in DEVICE_TAGS.items():
        if exif.get(tag):
            report.device[name] = _text(exif[tag])
    for tag, name in DEVICE_EXIF_TAGS.items():
        if details.get(tag):
            report.device[name] = _text(details[tag])
    for tag, name in OWNER_TAGS.items():
        if exif.get(tag):
            report.owner[name] = _text(exif[tag])
    for tag, name in OWNER_EXIF_TAGS.items():
        if details.get(tag):
            report.owner[name] = _text(details[tag])
    if gps:
        report.gps = _gps(gps)
    report.other_tags = max(0, len(exif) + len(details) - len(report.device) - len(report.owner))
    xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
    text_chunks = [key for key in image.info if key in ("Author", "Comment", "Description",
                                                         "Copyright", "Software")]
    report.has_metadata = bool(len(exif) or details or gps or xmp or text_chunks
                               or "exif" in image.info)


def _gps(gps) -> dict:
    result = {}
    for (value_tag, ref_tag, name) in ((2, 1, "latitude"), (4, 3, "longitude")):
        value = gps.get(value_tag)
        if value:
            try:
                degrees = float(value[0]) + float(value[1]) / 60 + float(value[2]) / 3600
            except (TypeError, ValueError, IndexError, ZeroDivisionError):
                continue
            if gps.get(ref_tag) in ("S", "W"):
                degrees = -degrees
            result[name] = round(degrees, 6)
    if not result:
        result["present"] = True
    return result


def _text(value) -> str:
    if isinstance(value, bytes):
        for encoding in ("utf-16-le", "utf-8"):
            try:
                return value.decode(encoding).strip("\x00 ")
            except UnicodeDecodeError:
                continue
        return value.hex()
    return str(value).strip("\x00 ")


# --- the Wagtail image upload hook ---------------------------------------------------------


def strip_uploaded_image(sender, instance, **kwargs):
    """pre_save of the image model: a new file (not yet stored) is rewritten without metadata."""
    file = instance.file
    if not file or getattr(file, "_committed", True):
        return
    file.open("rb")
    file.seek(0)
    data = file.read()
    file.seek(0)
    stripped, report = strip_metadata(data)
    instance._metadata_report = report if report.has_metadata else None
    if stripped is None:
        return
    name = file.name.rsplit("/", 1)[-1]
    instance.file = ContentFile(stripped, name=name)
    instance._set_image_file_metadata()


def log_stripped_metadata(sender, instance, created=False, **kwargs):
    """post_save: the audit trail says what the upload carried (GPS, device, owner)."""
    report = getattr(instance, "_metadata_report", None)
    if report is None:
        return
    instance._metadata_report = None
    from wagtail.log_actions import log

    log(instance=instance, action=EXIF_LOG_ACTION, data=report.as_dict())


def register():
    """Connect the hooks to the project's image model (called from ConfidentialityConfig.ready)."""
    from wagtail.images import get_image_model

    model = get_image_model()
    pre_save.connect(strip_uploaded_image, sender=model, dispatch_uid="confidentiality_strip_exif")
    post_save.connect(log_stripped_metadata, sender=model, dispatch_uid="confidentiality_log_exif")
