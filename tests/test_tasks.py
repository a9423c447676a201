"""ppgen.pipeline.costs and tasks: a long policy's redlines are cut into slices of about equal cost, not equal length
(issue 16: comparisons between versions years apart are far heavier, and come together in the plan, so
cutting by count left one worker with most of the work and `-j 2` no faster than `-j 1`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ppgen.core.dates import build_today
from ppgen.pipeline.costs import PAGE_COST, pair_cost, slices
from ppgen.pipeline.tasks import split
from ppgen.site.plan import PairKey, SitePlan
from ppgen.source.config import load_settings
from ppgen.source.load import load
from ppgen.source.texts import bodies


def _paragraphs(seed: int, count: int) -> str:
    return "\n\n".join(
        f"Clause {seed}-{n}: " + " ".join(f"w{seed * 7 + n + k}" for k in range(40)) for n in range(count)
    )


def _site(root: Path) -> SitePlan:
    """Six rewrites (every paragraph new), then twelve versions of one word added each: the heavy
    comparisons all in the first part of the plan."""
    (root / "content" / "terms").mkdir(parents=True)
    (root / "ppgen.toml").write_text('title = "Tasks"\n')
    texts = [_paragraphs(seed, 30) for seed in range(6)]
    texts += [texts[-1] + "\n\n" + " ".join(f"added{k}" for k in range(n + 1)) for n in range(12)]
    for n, text in enumerate(texts):
        front = "title: Terms\n" if n == 0 else ""
        (root / "content" / "terms" / f"{2000 + n}-01-01.md").write_text(
            f"---\n{front}summary: V{n}\n---\n\n{text}\n"
        )
    settings = load_settings(root / "ppgen.toml")
    return SitePlan.of(load(settings, build_today(settings.zone, date(2030, 1, 1))).site, settings)


def test_rewrites_cost_more_than_small_edits(tmp_path: Path) -> None:
    plan = _site(tmp_path)
    versions = bodies(plan.site.policy("terms").versions)
    rewrite, edit = pair_cost(versions[0], versions[1]), pair_cost(versions[8], versions[9])
    assert rewrite > 5 * edit, (rewrite, edit)
    assert pair_cost(versions[3], versions[3]) < edit


def test_slices_are_runs_in_plan_order_of_about_equal_cost(tmp_path: Path) -> None:
    plan = _site(tmp_path)
    policy = plan.site.policy("terms")
    by_day = dict(
        zip((version.effective for version in policy.versions), bodies(policy.versions), strict=True)
    )
    keys = plan.pairs_of("terms")
    cut = slices(keys, by_day, 2)
    assert [key for run in cut for key in run] == keys and all(cut)
    costs = [sum(pair_cost(by_day[old], by_day[new]) for _, old, new in run) for run in cut]
    assert max(costs) < 1.6 * min(costs), costs  # by count (half the pairs each) it is many times
    half = len(keys) // 2
    by_count = [keys[:half], keys[half:]]
    counted = [sum(pair_cost(by_day[old], by_day[new]) for _, old, new in run) for run in by_count]
    assert max(counted) > 3 * min(counted), counted  # the case this guards against
    assert slices(keys, by_day, 2) == cut  # the same cut every time (the cache keys parts by index)
    assert [len(run) for run in slices(keys, by_day, 5)] and sum(map(len, slices(keys, by_day, 5))) == len(
        keys
    )
    assert len(slices(keys[:1], by_day, 3)) == 3  # fewer pairs than slices: empty slices, none lost


def test_the_run_with_the_pages_is_smaller_by_their_cost(tmp_path: Path) -> None:
    """The first run's task renders the policy's other pages too: with `with_pages` that run is smaller by
    their cost, so that both tasks end together (on the corpus's longest policy 0.80 s each; cut evenly, the
    pages took 0.20 s more)."""
    plan = _site(tmp_path)
    policy = plan.site.policy("terms")
    by_day = dict(
        zip((version.effective for version in policy.versions), bodies(policy.versions), strict=True)
    )
    keys = plan.pairs_of("terms")
    pages = PAGE_COST * sum(map(len, by_day.values()))

    def cost(run: list[PairKey]) -> int:
        return sum(pair_cost(by_day[old], by_day[new]) for _, old, new in run)

    even, weighed = slices(keys, by_day, 2), slices(keys, by_day, 2, with_pages=True)
    assert [key for run in weighed for key in run] == keys
    assert cost(weighed[0]) < cost(even[0])
    worst_even = max(cost(even[0]) + pages, cost(even[1]))
    worst_weighed = max(cost(weighed[0]) + pages, cost(weighed[1]))
    assert worst_weighed < worst_even, (worst_weighed, worst_even)


def test_split_cuts_a_long_policy_for_two_workers(tmp_path: Path) -> None:
    plan = _site(tmp_path)
    assert split(plan, 1) == [("terms", (0, 1))]
    assert split(plan, 2) == [("terms", (0, 2)), ("terms", (1, 2))]  # its pages go with the first run


def test_only_a_template_s_code_can_name_every_policy() -> None:
    """The cache keys a policy's pages by the whole site when a template of its pages names `policies`;
    the word in a template's text (the header's "All policies" link) or comments is no such name."""
    from ppgen.pipeline.cache import _shows_other_policies

    def theme(text: str) -> list[tuple[str, bytes]]:
        return [("site:templates/base.html", text.encode())]

    assert not _shows_other_policies(
        theme('<a href="{{ link(urls.index()) }}">All policies</a>{# policies #}')
    )
    assert _shows_other_policies(theme("{% for p in policies %}{{ p.slug }}{% endfor %}"))
    assert _shows_other_policies(theme("<p>{{ policies|length }}</p>"))
    assert not _shows_other_policies([("site:templates/index.html", b"{{ policies }}")])  # a page of the site


def test_a_long_policy_is_parsed_in_runs_over_two_workers_to_the_same_documents(tmp_path: Path) -> None:
    """Phase 1 too spreads one long policy over the workers (issue 16): its versions in runs, a task each,
    joined in order to the documents one process makes."""
    from ppgen.pipeline.tasks import parse_policies

    plan = _site(tmp_path)
    settings = load_settings(tmp_path / "ppgen.toml")
    one, two = parse_policies(plan, settings, 1), parse_policies(plan, settings, 2)
    assert len(one[0].docs) == 1 and len(two[0].docs) == 2  # 18 versions: two runs of 9
    whole = one[0].documents(plan, settings, None)
    assert (
        list(two[0].documents(plan, settings, None))
        == list(whole)
        == [("terms", version.effective) for version in plan.site.policy("terms").versions]
    )
    assert two[0].documents(plan, settings, None) == whole
    assert two[0].problems == one[0].problems == () and two[0].warnings == one[0].warnings


def test_a_pair_whose_texts_an_earlier_pair_has_costs_next_to_nothing(tmp_path: Path) -> None:
    """Versions that changed only their front matter repeat a pair's texts, and the build compares those once
    (`cached.compare`): cut as if each were compared again, the run with the repeats ends long before the other."""
    (tmp_path / "content" / "terms").mkdir(parents=True)
    (tmp_path / "ppgen.toml").write_text('title = "Tasks"\n')
    texts = [_paragraphs(seed, 30) for seed in range(4)] + [_paragraphs(4, 30)] * 8 + [_paragraphs(5, 30)]
    for n, text in enumerate(texts):
        (tmp_path / "content" / "terms" / f"{2000 + n}-01-01.md").write_text(
            f"---\ntitle: Terms\nsummary: V{n}\n---\n\n{text}\n"
        )
    settings = load_settings(tmp_path / "ppgen.toml")
    plan = SitePlan.of(load(settings, build_today(settings.zone, date(2030, 1, 1))).site, settings)
    policy = plan.site.policy("terms")
    by_day = dict(
        zip((version.effective for version in policy.versions), bodies(policy.versions), strict=True)
    )

    def compared(run: list[PairKey]) -> int:  # what the run's task compares: each pair of texts once
        pairs = {(by_day[old], by_day[new]) for _, old, new in run}
        return sum(pair_cost(old, new) for old, new in pairs)

    costs = [compared(run) for run in slices(plan.pairs_of("terms"), by_day, 2)]
    assert max(costs) < 1.6 * min(costs), costs
