"""`manage.py check --deploy`: the keyed hash of ID numbers needs its own secret."""

from django.conf import settings
from django.core import checks


def id_hash_key_is_set(app_configs=None, **kwargs):
    key = getattr(settings, "FUNDS_ID_HASH_KEY", "")
    if key and len(key) >= 32:
        return []
    return [checks.Warning(
        "FUNDS_ID_HASH_KEY 未设置或短于 32 个字符：民生资金的导入和本人查询需要它（身份证号的带密钥摘要）。",
        hint="在生产环境的环境变量中设置一个随机的长密钥，不要与 SECRET_KEY 相同。",
        id="funds.W001")]
