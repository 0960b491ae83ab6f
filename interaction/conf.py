"""The interaction app's local policy: each a Django setting of the same name overrides it."""

from django.conf import settings

DEFAULTS = {
    # Spam protection without a third-party CAPTCHA, as the application form has: submissions
    # per client address and per phone number, each (count, seconds).
    "INTERACTION_RATE_LIMIT_PER_ADDRESS": (5, 3600),
    "INTERACTION_RATE_LIMIT_PER_PHONE": (3, 24 * 3600),
    # Tracking-page guesses: wrong answers per client address and per number.
    "INTERACTION_TRACKING_ATTEMPTS_PER_ADDRESS": (10, 3600),
    "INTERACTION_TRACKING_ATTEMPTS_PER_NUMBER": (5, 3600),
    # The writer's attachment (a photo or a scan): PDF, JPG or PNG.
    "INTERACTION_UPLOAD_MAX_BYTES": 5 * 1024 * 1024,
}


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])
