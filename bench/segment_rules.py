"""Rule evaluation throughput: a 5-condition rule over 50,000 contacts, compiled once vs per call.

Run: .venv/bin/python bench/segment_rules.py
"""

from __future__ import annotations

import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from functions.segments.rules import Rules, compile_rules, matches

CONTACTS = 50_000
RULES = Rules.model_validate(
    {
        "match": "all",
        "groups": [
            {
                "match": "all",
                "conditions": [
                    {"field": "attributes.plan", "operator": "in", "value": ["pro", "team"]},
                    {"field": "tags", "operator": "has_tag", "value": "newsletter"},
                    {"field": "status", "operator": "eq", "value": "active"},
                    {"field": "created_at", "operator": "within_last_days", "value": 365},
                    {"field": "events.purchase", "operator": "gte", "value": 1},
                ],
            }
        ],
    }
)


def contacts(now: datetime) -> list[dict]:
    rng = random.Random(7)
    made = []
    for i in range(CONTACTS):
        made.append(
            {
                "id": str(i),
                "email": f"c{i}@example.com",
                "status": rng.choice(["active", "active", "active", "unsubscribed"]),
                "created_at": (now - timedelta(days=rng.randint(0, 700))).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "tags": rng.sample(["newsletter", "vip", "beta", "trial"], k=2),
                "attributes": {"plan": rng.choice(["free", "pro", "team"]), "seats": rng.randint(1, 50)},
                "events": {"purchase": {"count": rng.randint(0, 3), "last_at": "2026-11-01T00:00:00Z"}},
            }
        )
    return made


def main() -> None:
    now = datetime.now(UTC)
    population = contacts(now)
    compiled = compile_rules(RULES)
    started = time.perf_counter()
    hits = sum(compiled(c, now) for c in population)
    compiled_s = time.perf_counter() - started
    started = time.perf_counter()
    naive_hits = sum(matches(RULES, c, now) for c in population)
    naive_s = time.perf_counter() - started
    assert hits == naive_hits
    print(f"5-condition rule over {CONTACTS} contacts ({hits} match)")
    print(f"  compiled once      {CONTACTS / compiled_s:10.0f} contacts/s")
    print(f"  compiled per call  {CONTACTS / naive_s:10.0f} contacts/s")
    print(f"  compiled speed-up  {naive_s / compiled_s:10.1f}x")


if __name__ == "__main__":
    main()
