"""The cost of the guarded sandbox: a typical campaign template rendered per recipient, with the bounded
sandbox (what Lettercast uses) next to Jinja's plain sandbox, in turns, in the same run.

Run: .venv/bin/python bench/templates.py [recipients]   (prints the median ratio guarded / plain; goal < 1.2)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jinja2.sandbox import SandboxedEnvironment  # noqa: E402

from functions.core import rendering, sandbox  # noqa: E402

# A newsletter as marketers write them: a greeting with a default, a loop over items with a filter or
# two, a condition on an attribute, arithmetic, `~` joins, the unsubscribe link.
TEMPLATE = """<!doctype html><html><body style="font-family:sans-serif">
<h1>Hello {{ first_name | default("there") | title }},</h1>
<p>Here is what is new at Acme this week{% if plan == "pro" %}, for our Pro members{% endif %}.</p>
<table>
{% for item in items %}
  <tr class="{{ loop.cycle('odd', 'even') }}">
    <td><a href="https://acme.example/p/{{ item.slug }}?ref={{ 'news' ~ loop.index }}">
      {{ item.name | e }}</a></td>
    <td>{{ "%.2f" | format(item.price * (1 - discount)) }} EUR</td>
    <td>{{ item.tags | join(", ") | upper }}</td>
  </tr>
{% endfor %}
</table>
<p>You have {{ points + 10 }} points ({{ (points / 100) | round(1) }} rewards).</p>
{% for para in paragraphs %}<p>{{ para | truncate(200) }}</p>{% endfor %}
<p><a href="{{ unsubscribe_url }}">Unsubscribe</a> - {{ company ~ ", " ~ city }}</p>
</body></html>"""


def variables(i: int) -> dict:
    return {
        "first_name": f"name{i}" if i % 3 else "",
        "plan": "pro" if i % 2 else "free",
        "items": [
            {"slug": f"p{k}", "name": f"Product <{k}>", "price": 10 + k, "tags": ["new", f"t{k}"]}
            for k in range(8)
        ],
        "discount": 0.15,
        "points": i,
        "paragraphs": ["Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 5] * 3,
        "unsubscribe_url": f"https://lettercast.example/u/{i}",
        "company": "Acme",
        "city": "Lyon",
    }


def timed(render: object, recipients: list[dict]) -> float:
    started = time.perf_counter()
    for values in recipients:
        render(values)  # type: ignore[operator]
    return time.perf_counter() - started


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    recipients = [variables(i) for i in range(count)]
    plain = SandboxedEnvironment(autoescape=True, keep_trailing_newline=True).from_string(TEMPLATE)
    parsed = rendering.parse(TEMPLATE, html=True, part="html")
    guarded = rendering._compiled(parsed.source, parsed.html)
    assert plain.render(recipients[1]) == sandbox.render(guarded, recipients[1]), "the two must agree"

    ratios, plain_times, guarded_times = [], [], []
    for turn in range(7):  # in turns, each first every other time, so machine noise falls on both
        if turn % 2:
            g = timed(lambda v: sandbox.render(guarded, v), recipients)
            p = timed(plain.render, recipients)
        else:
            p = timed(plain.render, recipients)
            g = timed(lambda v: sandbox.render(guarded, v), recipients)
        plain_times.append(p)
        guarded_times.append(g)
        ratios.append(g / p)
    per = 1e6 / count
    print(f"template of {len(TEMPLATE)} chars, {count} recipients per turn, 7 turns")
    print(f"plain sandbox:   median {statistics.median(plain_times) * per:8.1f} us per recipient")
    print(f"guarded sandbox: median {statistics.median(guarded_times) * per:8.1f} us per recipient")
    low, high = min(ratios), max(ratios)
    print(f"ratio guarded/plain: median {statistics.median(ratios):.3f} (min {low:.3f}, max {high:.3f})")


if __name__ == "__main__":
    main()
