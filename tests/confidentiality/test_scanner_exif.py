"""Image uploads: EXIF location, device and owner data is reported and stripped (条例 第十五条)."""

import io

import pytest
from django.conf import settings
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image
from PIL.ExifTags import IFD
from wagtail.images import get_image_model
from wagtail.models import ModelLogEntry

from confidentiality.exif import EXIF_LOG_ACTION, read_metadata, strip_metadata
from tests.samples import build_huge_png


def photo(fmt="JPEG", orientation=None, size=(40, 20)) -> bytes:
    """A small picture carrying GPS (34.75N, 113.625E), device and owner data."""
    image = Image.new("RGB", size, (200, 30, 30))
    image.putpixel((0, 0), (0, 0, 255))
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "EOS R5"
    exif[0x013B] = "Zhang San"
    if orientation:
        exif[0x0112] = orientation
    exif.get_ifd(IFD.GPSInfo).update({1: "N", 2: (34.0, 45.0, 0.0), 3: "E", 4: (113.0, 37.0, 30.0)})
    exif.get_ifd(IFD.Exif)[0xA431] = "SN-0042"
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, exif=exif)
    return buffer.getvalue()


def test_gps_device_and_owner_are_read():
    report = read_metadata(io.BytesIO(photo()))
    assert report.gps == {"latitude": 34.75, "longitude": 113.625}
    assert report.device == {"Make": "Canon", "Model": "EOS R5", "BodySerialNumber": "SN-0042"}
    assert report.owner == {"Artist": "Zhang San"}
    assert report.is_sensitive


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_stripping_removes_all_exif_and_keeps_the_picture(fmt):
    stripped, report = strip_metadata(photo(fmt))
    assert report.stripped and report.gps
    with Image.open(io.BytesIO(stripped)) as image:
        assert image.format == fmt
        assert len(image.getexif()) == 0
        assert image.size == (40, 20)


def test_a_rotated_photo_stays_upright_after_stripping():
    stripped, _report = strip_metadata(photo(orientation=6))  # 6: rotate 90° clockwise to view
    with Image.open(io.BytesIO(stripped)) as image:
        assert image.size == (20, 40)
        assert len(image.getexif()) == 0


def test_an_image_without_metadata_is_left_alone():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="PNG")
    stripped, report = strip_metadata(buffer.getvalue())
    assert stripped is None and not report.has_metadata


@pytest.mark.django_db
def test_uploading_an_image_stores_it_without_exif_and_logs_what_it_carried():
    image = get_image_model().objects.create(
        title="现场照片", file=ImageFile(io.BytesIO(photo()), name="site.jpg"))
    with image.open_file() as stored, Image.open(stored) as picture:
        assert len(picture.getexif()) == 0
    assert image.file_size == image.file.size
    entry = ModelLogEntry.objects.get(action=EXIF_LOG_ACTION, object_id=str(image.pk))
    assert entry.data["gps"] == {"latitude": 34.75, "longitude": 113.625}
    assert entry.data["device"]["Model"] == "EOS R5"
    assert entry.data["owner"] == {"Artist": "Zhang San"}
    assert entry.data["stripped"] is True


@pytest.mark.django_db
def test_admin_upload_strips_exif_and_the_log_names_the_uploader(client, make_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = make_user("admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.post(reverse("wagtailimages:add"), {
        "title": "会议照片",
        "file": SimpleUploadedFile("meeting.jpg", photo(), content_type="image/jpeg"),
    })
    assert response.status_code == 302, response.content.decode()[:500]
    image = get_image_model().objects.get(title="会议照片")
    with image.open_file() as stored, Image.open(stored) as picture:
        assert len(picture.getexif()) == 0
    entry = ModelLogEntry.objects.get(action=EXIF_LOG_ACTION, object_id=str(image.pk))
    assert entry.user == admin


@pytest.mark.django_db
def test_saving_an_existing_image_again_does_not_rewrite_its_file():
    image = get_image_model().objects.create(
        title="照片", file=ImageFile(io.BytesIO(photo()), name="a.jpg"))
    name = image.file.name
    image.title = "新标题"
    image.save()
    assert image.file.name == name
    assert ModelLogEntry.objects.filter(action=EXIF_LOG_ACTION).count() == 1


@pytest.mark.django_db
def test_the_editor_is_told_on_the_image_form_what_the_upload_carried(client, make_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(make_user("admin", is_superuser=True, is_staff=True))
    response = client.post(reverse("wagtailimages:add_multiple"), {
        "files[]": SimpleUploadedFile("visit.jpg", photo(), content_type="image/jpeg"),
    }, headers={"x-requested-with": "XMLHttpRequest"})
    assert response.status_code == 200
    # The multiple uploader shows the edit form of each picture right after the upload.
    assert "拍摄位置（GPS）" in response.json()["form"]
    image = get_image_model().objects.get(pk=response.json()["image_id"])
    page = client.get(reverse("wagtailimages:edit", args=[image.pk])).content.decode()
    assert "上传的图片含有拍摄位置（GPS）、拍摄设备（厂商、型号、机身序列号）、作者或所有者（作者）" in page
    assert "已在保存前移除" in page


@pytest.mark.django_db
def test_an_image_without_metadata_gets_no_notice(client, make_user):
    from confidentiality.image_forms import metadata_notice

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="PNG")
    image = get_image_model().objects.create(title="图", file=ImageFile(buffer, name="a.png"))
    assert metadata_notice(image) == ""
    client.force_login(make_user("admin", is_superuser=True, is_staff=True))
    page = client.get(reverse("wagtailimages:edit", args=[image.pk])).content.decode()
    assert "上传的图片含有" not in page


def test_wagtails_own_pixel_limit_is_lowered_to_forty_megapixels():
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40 * 1000 * 1000


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["wagtailimages:add", "wagtailimages:add_multiple"])
def test_an_image_over_the_pixel_limit_is_refused_undecoded_with_a_chinese_message(
        client, make_user, url_name, monkeypatch):
    """Wagtail's limit, checked on the header: Willow would decode all 42 MP to tell the size."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import ImageFile

    def refuse_to_decode(image):
        raise AssertionError("the upload was decoded before its size was checked")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse_to_decode)
    client.force_login(make_user("admin", is_superuser=True, is_staff=True))
    huge = SimpleUploadedFile("huge.png", build_huge_png(7000, 6000), content_type="image/png")
    if url_name == "wagtailimages:add":
        response = client.post(reverse(url_name), {"title": "全景图", "file": huge})
        text = response.content.decode()
    else:
        response = client.post(reverse(url_name), {"files[]": huge},
                               headers={"x-requested-with": "XMLHttpRequest"})
        text = response.json()["error_message"]
    assert response.status_code == 200
    assert "文件包含像素过多（42000000）。像素数量上限为 40000000。" in text
    assert not get_image_model().objects.exists()


def test_exif_stripping_never_decodes_an_image_over_the_pixel_limit(monkeypatch):
    """The upload hook reads the header only; Wagtail's check refuses the file itself."""
    from PIL import ImageFile

    def refuse_to_decode(image):
        raise AssertionError("a huge image was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse_to_decode)
    stripped, report = strip_metadata(build_huge_png(7000, 6000))
    assert stripped is None and not report.stripped
