"""What extraction raises when a file cannot be read: a Chinese reason the editor can act on."""

from django.utils.translation import gettext as _


class UnreadableDocument(Exception):
    """The file could not be read (damaged, encrypted, wrong format for its name)."""

    def __init__(self, filename: str, reason: str):
        self.filename = filename
        self.reason = reason
        super().__init__(_("无法读取文件“%(name)s”：%(reason)s") % {
            "name": filename, "reason": reason})


class UnsupportedFormat(UnreadableDocument):
    """The file is of a type whose text this module does not read (e.g. an image or .doc)."""
