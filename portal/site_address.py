"""Where the site answers: the default Wagtail Site's host name and port. Wagtail builds every
absolute link from them (page QR codes, the sitemap, the print header, links in e-mails to the
public), so a server sets them once to its real address and the demo to where it runs."""

from wagtail.models import Site

WILDCARD_HOSTS = {"", "0.0.0.0", "::", "[::]"}  # noqa: S104 (names of the bind-all address)


def public_host(host: str) -> str:
    """The host name people type for a server bound to `host` (bound to every address, the
    machine answers as localhost)."""
    return "localhost" if host in WILDCARD_HOSTS else host


def set_site_address(host: str, port: int) -> Site:
    """Point the default site at `host`:`port`."""
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = public_host(host), port
    site.save(update_fields=["hostname", "port"])
    return site
