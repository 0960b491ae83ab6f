"""The nginx harness's fixtures, for every test in this folder."""

from tests.harness.nginx import gunicorn_app, nginx_binary, nginx_site  # noqa: F401
