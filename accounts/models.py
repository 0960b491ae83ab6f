"""What the site keeps about staff accounts: the login audit trail and each account's password
history.

Accounts themselves are Django's users; nothing is swapped. A person who leaves is disabled
(`is_active` off), never deleted, so the trail and their pages' history keep their name.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginEvent(models.Model):
    """One event of the login audit trail (等保 2.0 安全审计): who, when, from where, how.

    Rows are only ever added: no view or action edits or deletes them.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", _("登录成功")
        FAILURE = "failure", _("登录失败")
        LOCKOUT = "lockout", _("账号或地址被锁定")
        UNLOCK = "unlock", _("解除锁定")
        LOGOUT = "logout", _("退出登录")
        IDLE_TIMEOUT = "idle_timeout", _("空闲超时退出")
        PASSWORD_CHANGE = "password_change", _("修改密码")
        OTP_ENROLMENT = "otp_enrolment", _("绑定动态口令")
        OTP_FAILURE = "otp_failure", _("动态口令错误")
        CERTIFICATE = "certificate", _("使用数字证书")
        PAGE_PASSWORD_FAILURE = "page_password_failure", _("页面密码错误")
        ACCOUNT_DISABLED = "account_disabled", _("账号停用")
        ROLE_REFUSED = "role_refused", _("角色分配被拒绝")
        SUPERUSER_ACTION = "superuser_action", _("超级用户操作")

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("事件"), max_length=32, choices=Kind.choices, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("账号"), null=True,
                             blank=True, on_delete=models.PROTECT, related_name="login_events")
    username = models.CharField(_("用户名"), max_length=150, blank=True, db_index=True)
    address = models.CharField(_("地址"), max_length=45, blank=True)
    method = models.CharField(_("方式"), max_length=40, blank=True)
    superuser = models.BooleanField(_("超级用户"), default=False)
    detail = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("登录审计记录")
        verbose_name_plural = _("登录审计记录")
        ordering = ["-at", "-pk"]
        permissions = [("unlock_accounts", _("解除账号和地址的登录锁定"))]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()} {self.username}"


class PasswordHistory(models.Model):
    """A password an account has had (its hash only), so the last N cannot be used again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="password_history")
    encoded = models.CharField(max_length=256)
    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")

    def __str__(self):
        return f"{self.user_id} {self.changed_at:%Y-%m-%d}"


class RegisteredCertificate(models.Model):
    """A CA digital certificate registered to a staff account (corpus 001 第十二条: 所有用户必须
    使用CA数字证书登录平台). Revoking it (lost or replaced, 第十五条) takes effect on the next
    request of every session it opened (accounts.certificates)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("账号"),
                             on_delete=models.PROTECT, related_name="certificates")
    serial = models.CharField(_("序列号"), max_length=128,
                              help_text=_("十六进制，如 4F2A09；大小写、冒号和前导零不计。"))
    subject = models.CharField(_("证书主题"), max_length=500, blank=True)
    issuer = models.CharField(_("颁发者"), max_length=500, blank=True)
    valid_to = models.DateTimeField(_("有效期至"))
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    revocation_reason = models.CharField(_("吊销原因"), max_length=200, blank=True)
    registered_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("数字证书")
        verbose_name_plural = _("数字证书")
        constraints = [models.UniqueConstraint(fields=["serial", "issuer"],
                                               name="accounts_certificate_serial_issuer")]

    def __str__(self):
        return f"{self.serial}（{self.user.get_username()}）"

    def save(self, *args, **kwargs):
        self.serial = normalise_serial(self.serial)
        super().save(*args, **kwargs)


def normalise_serial(serial: str) -> str:
    """One spelling of a certificate serial: upper-case hex, no colons, no leading zeros."""
    cleaned = (serial or "").replace(":", "").replace(" ", "").upper().lstrip("0")
    return cleaned or "0"


class AccountChange(models.Model):
    """One change of a staff account made in the admin (created, changed, disabled), with who
    made it, the unit head who approved it and why (corpus 001 第十三条: 账号的开设、变更和注销
    须经单位负责人审定并留存记录). Only ever added."""

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    account = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("账号"),
                                on_delete=models.PROTECT, related_name="account_changes")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"),
                                   on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("变更"), max_length=20)
    approved_by = models.CharField(_("审定人（单位负责人）"), max_length=100)
    # The unit head's own account when they approved in the site (AccountChangeRequest); empty
    # on older records, whose approver's name was typed by the 系统管理员.
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审定人账号"),
                                 null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    reason = models.CharField(_("变更理由"), max_length=500)
    state = models.CharField(_("变更后"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("账号变更记录")
        verbose_name_plural = _("账号变更记录")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.account_id}"


class AccountChangeRequest(models.Model):
    """A change of an account's roles, department or state proposed in the user forms, held
    until a 单位负责人 approves it with their own account (corpus 001 第十三条: 账号的开设、变更和
    注销须经单位负责人审定并留存记录). Nothing of it applies before; an approval applies it and
    writes the AccountChange."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审定")
        APPROVED = "approved", _("已审定")
        REJECTED = "rejected", _("未同意")

    account = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("账号"),
                                on_delete=models.PROTECT, related_name="change_requests")
    kind = models.CharField(_("变更"), max_length=20)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提出人"),
                                    on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("提出时间"), auto_now_add=True, db_index=True)
    reason = models.CharField(_("变更理由"), max_length=500)
    changes_groups = models.BooleanField(default=False)
    groups = models.ManyToManyField("auth.Group", verbose_name=_("拟设角色与科室"), blank=True,
                                    related_name="+")
    is_active = models.BooleanField(_("拟设为有效"), null=True, blank=True)
    is_superuser = models.BooleanField(_("拟设为超级用户"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices,
                              default=Status.PENDING, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审定人"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("审定时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("待审定的账号变更")
        verbose_name_plural = _("待审定的账号变更")
        ordering = ["-proposed_at", "-pk"]
        permissions = [("approve_accountchangerequest", _("审定账号的开设、变更和停用"))]

    def __str__(self):
        return f"{self.proposed_at:%Y-%m-%d %H:%M} {self.kind} {self.account_id}"


class StaffProfile(models.Model):
    """What a real-name staff account (corpus 001 第十二条: 实名制) keeps beside Django's user:
    the 姓名 as one field, shown as written everywhere (portal/staff_names.py), and a phone.
    Department and role are the person's groups. A profile beside the user, not a swapped
    AUTH_USER_MODEL: the running site's tables and foreign keys stay as they are."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="staff_profile")
    full_name = models.CharField(_("姓名"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("人员信息")
        verbose_name_plural = _("人员信息")

    def __str__(self):
        return self.full_name
