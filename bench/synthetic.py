"""Deterministic synthetic policy sites for the benchmarks."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

WORDS = [
    "data",
    "personal",
    "information",
    "process",
    "service",
    "provider",
    "contract",
    "consent",
    "right",
    "request",
    "access",
    "erasure",
    "controller",
    "processor",
    "transfer",
    "country",
    "safeguard",
    "retention",
    "period",
    "account",
    "security",
    "breach",
    "notify",
    "authority",
    "legitimate",
    "interest",
    "purpose",
    "marketing",
    "cookie",
    "analytics",
    "third",
    "party",
    "share",
    "disclose",
    "law",
    "enforcement",
    "court",
    "order",
    "minor",
    "child",
    "age",
    "verify",
    "identity",
    "email",
    "address",
    "payment",
    "billing",
    "record",
    "log",
    "device",
    "browser",
    "location",
    "usage",
    "model",
    "output",
    "input",
    "prompt",
    "storage",
    "encryption",
    "audit",
    "review",
    "update",
    "change",
    "policy",
    "terms",
    "agreement",
    "liability",
    "warranty",
    "indemnity",
]


def sentence(rng: random.Random) -> str:
    """One plausible-looking sentence."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    """A few sentences."""
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))


def first_version(rng: random.Random, words: int) -> list[str]:
    """Blocks (Markdown) of a policy of about `words` words."""
    blocks: list[str] = []
    count = 0
    section = 0
    while count < words:
        section += 1
        blocks.append(f"## Section {section}: {rng.choice(WORDS).title()} {rng.choice(WORDS).title()}")
        for _ in range(rng.randint(2, 5)):
            if rng.random() < 0.25:
                items = [sentence(rng) for _ in range(rng.randint(3, 6))]
                blocks.append("\n".join(f"- {item}" for item in items))
            else:
                blocks.append(paragraph(rng))
            count += len(blocks[-1].split())
    return blocks


def mutate(rng: random.Random, blocks: list[str], share: float) -> list[str]:
    """A later version: about `share` of the blocks reworded, one block added."""
    out = list(blocks)
    for _ in range(max(1, int(len(out) * share))):
        index = rng.randrange(len(out))
        if out[index].startswith("##"):
            continue
        words = out[index].split(" ")
        for _ in range(rng.randint(1, 4)):
            words[rng.randrange(len(words))] = rng.choice(WORDS)
        out[index] = " ".join(words)
    out.insert(rng.randrange(1, len(out)), paragraph(rng))
    return out


def make_site(
    root: Path,
    policies: int = 20,
    versions: int = 25,
    words: int = 3000,
    share: float = 0.03,
    seed: int = 1,
    config: str = "",
) -> Path:
    """Write ppgen.toml (plus `config` lines) and content/ for a synthetic site under `root`; return root."""
    rng = random.Random(seed)
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "ppgen.toml").write_text(
        'title = "Synthetic"\nbase_url = "https://example.com/legal/"\n' + config
    )
    for p in range(policies):
        folder = root / "content" / f"policy-{p:02d}"
        folder.mkdir(exist_ok=True)
        blocks = first_version(rng, words)
        day = date(2020, 1, 1)
        for v in range(versions):
            if v:
                blocks = mutate(rng, blocks, share)
            front = (
                f"---\ntitle: Policy {p}\nsummary: Synthetic version {v}\n---\n\n"
                if v == 0
                else f"---\nsummary: Synthetic version {v}\n---\n\n"
            )
            (folder / f"{day.isoformat()}.md").write_text(front + "\n\n".join(blocks) + "\n")
            day += timedelta(days=45)
    return root
