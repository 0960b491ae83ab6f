"""The numbers of the applications app: statutory limits as constants, local policy as settings.

Every number is a setting an administrator can change, except the statutory limits.
A Django setting of the same name overrides each default below (read through `setting()`).
"""

from django.conf import settings

# --- Statutory limits (条例, 国务院令第711号); not settings -----------------------------------
REPLY_WORKING_DAYS = 20  # 第三十三条第一款: reply within 20 working days of receipt
CORRECTION_NOTICE_WORKING_DAYS = 7  # 第三十条: ask for a correction within 7 working days, once
MAX_EXTENSION_WORKING_DAYS = 20  # 第三十三条第二款: one extension of at most 20 working days
CONSULTATION_WORKING_DAYS = 15  # 第三十二、三十四条: third parties and agencies answer in 15
FEE_PAYMENT_WORKING_DAYS = 20  # 国办函〔2020〕109号 第七条: pay within 20 working days
RECONSIDERATION_DAYS = 60  # 行政复议法: reconsideration within 60 days of the reply
LITIGATION_MONTHS = 6  # 行政诉讼法 第四十六条: litigation within 6 months
DUE_SOON_WORKING_DAYS = 3  # staff lists turn amber this many working days before the due date

# The cache namespace of this app's throttles (`publicforms.ratelimit`; limits below).
THROTTLE_NAMESPACE = "applications"

DEFAULTS = {
    # How long the applicant has to send a correction (补正期限, 第三十条 "合理的补正期限").
    "APPLICATION_CORRECTION_PERIOD_DAYS": 15,
    # Spam protection without a third-party CAPTCHA: submissions per client address and per
    # identity number (ID or credit code), each as (count, seconds).
    "APPLICATION_RATE_LIMIT_PER_ADDRESS": (5, 3600),
    "APPLICATION_RATE_LIMIT_PER_IDENTITY": (3, 24 * 3600),
    # Tracking-page guesses: wrong answers per client address and per tracking number.
    "APPLICATION_TRACKING_ATTEMPTS_PER_ADDRESS": (10, 3600),
    "APPLICATION_TRACKING_ATTEMPTS_PER_NUMBER": (5, 3600),
    # How long a link to a released file or a letter stays valid (seconds).
    "APPLICATION_LINK_MAX_AGE": 14 * 24 * 3600,
    # The applicant's own upload (proof of identity etc.).
    "APPLICATION_UPLOAD_MAX_BYTES": 5 * 1024 * 1024,
    # Released files uploaded by staff.
    "APPLICATION_RELEASE_MAX_BYTES": 50 * 1024 * 1024,
    # The handbook's review (seed 004 流程图): the role (departments.roles key) of the head of the
    # disclosure office, who approves acceptance and routing before an application is assigned.
    "APPLICATION_ROUTING_REVIEWER_ROLE": "office_head",
    # Sign-off of replies: the department's head (科室负责人) approves every reply drafted in their
    # department; the office's head also approves these reply groups (replies.REPLY_TREE codes)
    # and, if the setting below is on, any reply after an extension. A reply the office answers
    # itself (自办) is approved by the office's head alone.
    "APPLICATION_DEPARTMENT_SIGNER_ROLE": "reviewer",
    "APPLICATION_OFFICE_SIGNER_ROLE": "office_head",
    "APPLICATION_OFFICE_SIGN_OFF_GROUPS": ("withheld", "unavailable", "not_handled"),
    "APPLICATION_OFFICE_SIGN_OFF_AFTER_EXTENSION": True,
    # Handlers and heads are reminded this many working days before an application is due.
    "APPLICATION_DUE_REMINDER_WORKING_DAYS": 3,
    # Information-processing fees, 国办函〔2020〕109号《政府信息公开信息处理费管理办法》第五条.
    "APPLICATION_FEE_TARIFF": {
        "source": "国办函〔2020〕109号《政府信息公开信息处理费管理办法》第五条",
        # 按件计收: applications by the same applicant in one calendar month; (up to n, yuan each).
        "per_application": [(10, 0), (30, 100)],
        # Beyond the last band: every further 10 applications cost 100 yuan more each.
        "per_application_step": (10, 100),
        # 按量计收: pages of one application; (up to n pages, yuan per page), None = no limit.
        "per_page": [(30, 0), (100, 10), (200, 20), (None, 40)],
    },
}


def setting(name: str):
    """The Django setting `name`, else this app's default."""
    return getattr(settings, name, DEFAULTS[name])
