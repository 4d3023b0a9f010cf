"""Settings for the benchmarks only: the project's settings plus a URL conf with a bare DRF endpoint."""

from outsourcing.settings import *  # noqa: F403 - the benchmark measures the real configuration

ROOT_URLCONF = "benchmarks.bench_urls"
