"""What a confidentiality scan returns: findings, each with its place, kind and severity."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext_lazy as _

BLOCK = "block"
WARN = "warn"
SEVERITIES = (BLOCK, WARN)

# Kinds of finding. The article that makes each one a reason not to publish is named in
# confidentiality/detectors.py next to its detector.
CLASSIFICATION = "classification"
ID_NUMBER = "id_number"
MOBILE = "mobile"
BANK_CARD = "bank_card"
EMAIL = "email"
PASSPORT = "passport"
ADDRESS = "address"
NAME_DIAGNOSIS = "name_diagnosis"
SENSITIVE_TERM = "sensitive_term"
PROCESS_INFO = "process_info"
UNREADABLE = "unreadable_attachment"

KIND_LABELS = {
    CLASSIFICATION: _("密级标志"),
    ID_NUMBER: _("身份证号码"),
    MOBILE: _("手机号码"),
    BANK_CARD: _("银行卡号"),
    EMAIL: _("电子邮箱"),
    PASSPORT: _("护照号码"),
    ADDRESS: _("详细住址"),
    NAME_DIAGNOSIS: _("姓名与病情"),
    SENSITIVE_TERM: _("敏感词"),
    PROCESS_INFO: _("过程性信息"),
    UNREADABLE: _("无法读取的附件"),
}
SEVERITY_LABELS = {BLOCK: _("阻止发布"), WARN: _("提示")}


@dataclass(frozen=True)
class Finding:
    """One thing the scanner found: where, what kind, how serious, the text, a suggested mask.

    `field` names the page's model field when the finding is in the page's own text (so the
    editor can apply the mask in one click); `attachment_id` is the Wagtail Document's id
    when it is in an attachment (the editor has to replace the file).
    """

    location: str
    kind: str
    severity: str
    text: str
    suggestion: str | None = None
    field: str = ""
    attachment_id: int | None = None
    note: str = ""

    @property
    def key(self) -> str:
        """A stable identifier for this finding (same text at the same place, same key)."""
        raw = f"{self.kind}|{self.location}|{self.text}".encode()
        return hashlib.sha1(raw, usedforsecurity=False).hexdigest()[:16]

    @property
    def is_blocking(self) -> bool:
        return self.severity == BLOCK

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def severity_label(self) -> str:
        return str(SEVERITY_LABELS.get(self.severity, self.severity))

    @property
    def in_attachment(self) -> bool:
        return self.attachment_id is not None

    def as_dict(self) -> dict:
        data = asdict(self)
        data["key"] = self.key
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Finding:
        names = cls.__dataclass_fields__
        return cls(**{name: value for name, value in data.items() if name in names})


@dataclass
class ScanReport:
    """Every finding of one scan, and what was scanned (stored with a revision: 留痕)."""

    findings: list[Finding] = field(default_factory=list)
    scanned: list[str] = field(default_factory=list)

    @property
    def has_blocking(self) -> bool:
        return any(finding.is_blocking for finding in self.findings)

    @property
    def blocking(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.is_blocking]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.is_blocking]

    def get(self, key: str) -> Finding | None:
        return next((finding for finding in self.findings if finding.key == key), None)

    def extend(self, other: ScanReport) -> None:
        self.findings.extend(other.findings)
        self.scanned.extend(other.scanned)

    def as_dict(self) -> dict:
        return {
            "findings": [finding.as_dict() for finding in self.findings],
            "has_blocking": self.has_blocking,
            "scanned": list(self.scanned),
        }

    @classmethod
    def from_dict(cls, data: dict) -> ScanReport:
        return cls(
            findings=[Finding.from_dict(item) for item in data.get("findings", [])],
            scanned=list(data.get("scanned", [])),
        )
