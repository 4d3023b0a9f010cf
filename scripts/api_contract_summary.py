"""Summarise schemathesis's HAR reports: requests sent, the share answered by each status, server errors.

Usage: python scripts/api_contract_summary.py [--min-requests N] viewer.har manager.har
Exits 1 on any 5xx answer or when fewer than N requests were sent in all. The shares are what
docs/security.md reports ("rejected" = answered 400, the bad-input answer).
"""

import argparse
import json
import sys
from collections import Counter
from pathlib import Path


def statuses(har: Path) -> Counter:
    entries = json.loads(har.read_text())["log"]["entries"]
    return Counter(entry["response"]["status"] for entry in entries)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--min-requests", type=int, default=0)
    parser.add_argument("hars", nargs="+", type=Path)
    args = parser.parse_args()
    total = Counter()
    for har in args.hars:
        counts = statuses(har)
        total += counts
        sent = sum(counts.values())
        rejected = counts.get(400, 0)
        print(f"{har.stem}: {sent} requests; 400 (rejected as bad input) {rejected} = {rejected / max(sent, 1):.1%}; "
              + ", ".join(f"{code}: {n}" for code, n in sorted(counts.items())))
    sent = sum(total.values())
    server_errors = sum(n for code, n in total.items() if code >= 500)
    print(f"all: {sent} requests, {total.get(400, 0) / max(sent, 1):.1%} rejected as bad input (400), "
          f"{sum(n for c, n in total.items() if 200 <= c < 300) / max(sent, 1):.1%} answered 2xx, "
          f"{server_errors} server errors")
    if server_errors:
        print("FAIL: server errors")
    if sent < args.min_requests:
        print(f"FAIL: {sent} requests, fewer than {args.min_requests}")
    return 1 if server_errors or sent < args.min_requests else 0


if __name__ == "__main__":
    sys.exit(main())
