"""Production settings: refuse to start on an unsafe configuration.

`manage.py check --deploy` reports nothing with these settings: HTTPS only (the proxy in front
sets X-Forwarded-Proto), HSTS, secure cookies, and a Content-Security-Policy from django-csp.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEBUG, SECRET_KEY, env_bool, env_list

if DEBUG:
    raise ImproperlyConfigured("生产环境不得开启 DEBUG（DEBUG must be off in production).")
if not SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "生产环境必须设置 SECRET_KEY 环境变量，至少 50 个字符"
        "（SECRET_KEY must be set to a random value of at least 50 characters)."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer probes over plain HTTP

# The shipped nginx (deploy/nginx.conf) proxies from the same host (issue 14).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")
if ACCOUNTS_CERTIFICATE_LOGIN != "off" and len(ACCOUNTS_CERTIFICATE_GATEWAY_KEY) < 32:  # noqa: F405
    raise ImproperlyConfigured(
        "证书登录须设置 ACCOUNTS_CERTIFICATE_GATEWAY_KEY，至少 32 个随机字符"
        "（the key nginx or the gateway sends with a verified certificate).")
