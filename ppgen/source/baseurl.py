"""The address a site is served at (`base_url`, `--base-url`): what it may be, and its one written form."""

from __future__ import annotations

import re

from ppgen.core.chars import find_control

_NETLOC = re.compile(r"(?P<host>\[[^\]]*\]|[^:\[\]]*)(?::(?P<port>.*))?")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_HOST = re.compile(rf"(?:{_LABEL}\.)*{_LABEL}\.?|\[[0-9A-Fa-f:.]+\]")
"""A DNS name of ASCII labels, or an [IPv6] address."""
_PATH = re.compile(r"(?:/(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})*)*")
"""RFC 3986 path characters; anything else must be percent-encoded."""


def base_url_problem(value: str) -> str | None:
    """What is wrong with `value` as the address a site is served at, or None when it is an absolute http(s)
    URL: a host name (or [IPv6]), an optional port from 1 to 65535, a path, and no query or fragment."""
    if find_control(value) or any(char.isspace() for char in value):
        return "holds a space or a control character"
    scheme, _, rest = value.partition("://")
    if scheme.lower() not in ("http", "https") or not rest:
        return "is not an absolute http(s) URL"
    if "?" in value or "#" in value:
        return "has a query (?…) or fragment (#…), which a site's address cannot have"
    authority, slash, path = rest.partition("/")
    path = slash + path
    netloc = _NETLOC.fullmatch(authority)
    if "@" in authority:
        return "holds a user name or password (…@), which would be published in every feed"
    if netloc is not None and not netloc["host"]:
        return "has no host name"
    host = netloc["host"] if netloc is not None else authority
    if netloc is None or not _HOST.fullmatch(host):
        idna = "" if host.isascii() else " (write a non-ASCII name in its xn-- form)"
        return f"has an invalid host name `{host}`{idna}"
    port = netloc["port"]
    if port is not None and not (port.isascii() and port.isdigit() and 1 <= int(port) <= 65535):
        return f"has an invalid port `{port}` (a port is a number from 1 to 65535)"
    if not _PATH.fullmatch(path):
        return "has characters in its path that must be percent-encoded"
    if any(segment in (".", "..") for segment in path.split("/")):
        return "has a `.` or `..` segment in its path"
    return None


def normalise_base_url(value: str) -> str | None:
    """`value` with a trailing slash, or None when it is not a valid base URL (see `base_url_problem`)."""
    if base_url_problem(value) is not None:
        return None
    return value if value.endswith("/") else value + "/"
