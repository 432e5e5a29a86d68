"""`make bench`: the app as production serves it (no debug), on loopback, plus a floor view."""

from .local import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "config.urls_bench"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# First, so every query the request runs (sessions and authentication included) is counted.
MIDDLEWARE = ["config.bench_queries.QueryCountMiddleware", *MIDDLEWARE]  # noqa: F405
