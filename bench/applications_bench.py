"""Applications benchmark: submission, reply letter, clock and tracking lookup (medians).

Run on demand, never in the test suite:
    .venv/bin/python bench/applications_bench.py            # SQLite throwaway database
    DATABASE_URL=postgres://... .venv/bin/python bench/applications_bench.py
It builds a throwaway test database (migrations take about a minute), then times each step
over several runs and prints the medians in milliseconds.
"""

import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import RequestFactory, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

RUNS = int(os.environ.get("RUNS", "15"))


def median_ms(function, runs=RUNS):
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), min(timings), max(timings)


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"],
                   APPLICATION_RATE_LIMIT_PER_ADDRESS=(10**6, 60),
                   APPLICATION_RATE_LIMIT_PER_IDENTITY=(10**6, 60),
                   APPLICATION_TRACKING_ATTEMPTS_PER_ADDRESS=(10**6, 60),
                   APPLICATION_TRACKING_ATTEMPTS_PER_NUMBER=(10**6, 60))
def run():
    from applications.actions import ConfirmReceipt, StartConsultation
    from applications.clock import reply_clock
    from applications.forms import ApplicationForm
    from applications.letters import render_pdf
    from applications.services import submit_online
    from applications.views import find_application
    from personaldata import id18_check_character

    cache.clear()
    id17 = "41990019900307123"
    data = {"applicant_type": "natural", "name": "基准测试申请人", "id_type": "resident_id",
            "id_number": id17 + id18_check_character(id17), "phone": "13800000000",
            "email": "bench@example.test", "information_title": "基准测试", "consent": "on",
            "information_form": "email", "delivery": "email"}
    made = []

    def submit():
        form = ApplicationForm(data)
        assert form.is_valid(), form.errors
        made.append(submit_online(form, "127.0.0.1"))

    results = {"表单校验并保存（含查询码哈希、邮件入库）": median_ms(submit)}
    application, code = made[0]
    ConfirmReceipt(application).execute(received_on=date.today())
    StartConsultation(application).execute(kind="third_party", counterpart="基准")
    results["计算答复期限（含暂停）"] = median_ms(lambda: reply_clock(application))
    results["生成答复书 PDF（嵌入中文字体）"] = median_ms(
        lambda: render_pdf(application, "政府信息公开申请答复书", ["经审查，予以公开。"] * 5,
                           remedy=True), runs=max(RUNS // 3, 3))
    request = RequestFactory().post("/", REMOTE_ADDR="127.0.0.1")
    results["查询：正确的编号和查询码"] = median_ms(
        lambda: find_application(request, application.tracking_number, code))
    results["查询：错误的查询码"] = median_ms(
        lambda: find_application(request, application.tracking_number, "WRONGCODE0"))
    results["查询：不存在的编号"] = median_ms(
        lambda: find_application(request, "2099-99999", "WRONGCODE0"))

    print(f"数据库：{settings.DATABASES['default']['ENGINE']}，每项 {RUNS} 次（PDF 为 1/3）")
    for name, (median, low, high) in results.items():
        print(f"{name}: 中位数 {median:.1f} ms（最小 {low:.1f}，最大 {high:.1f}）")


if __name__ == "__main__":
    main()
