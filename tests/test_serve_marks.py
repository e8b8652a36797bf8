"""Marking facts in a text: any overlap of spans, the text stays the text, escaped."""

from __future__ import annotations

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from ratsinfo.serve.views.common import Fact, facts_in, mark_facts


def _fact(pk: int, start: int, end: int, field: str = "title") -> Fact:
    return Fact(pk=pk, entity="paper", field=field, start=start, end=end, page=None, quote="",
                document_id=1, in_text=True)


@st.composite
def texts_and_facts(draw: st.DrawFn) -> tuple[str, list[Fact]]:
    text = draw(st.text(alphabet=st.sampled_from("ab <>&\"'\n"), max_size=60))
    spans = draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))), max_size=8))
    return text, [_fact(i + 1, min(a, b), max(a, b)) for i, (a, b) in enumerate(spans)]


@settings(deadline=None)  # the first example pays for imports; machines are shared
@given(texts_and_facts())
def test_marks_keep_the_text_and_place_every_anchor(case: tuple[str, list[Fact]]) -> None:
    text, facts = case
    soup = BeautifulSoup(f"<pre>{mark_facts(text, facts)}</pre>", "html.parser")
    pre = soup.pre
    assert pre.get_text() == text
    assert not pre.find(lambda t: t.name not in {"mark", "span"})
    assert not pre.select("mark mark, mark span, span *")  # flat: nothing nests
    for f in facts:
        anchor = pre.find("span", id=f.anchor)
        assert anchor is not None
        after = "".join(s.get_text() for s in anchor.next_siblings)
        assert after.startswith(text[f.start : f.end])
        # Every character of the fact is inside a mark.
        if f.end > f.start:
            following = anchor.find_next_sibling(lambda t: t.name != "span")
            assert following is not None and following.name == "mark"
    covered = set()
    for f in facts:
        covered.update(range(f.start, f.end))
    marked = sum(len(m.get_text()) for m in pre.find_all("mark"))
    assert marked == len(covered)


def test_facts_outside_the_shown_text_are_listed_not_marked() -> None:
    class Row:
        def __init__(self, pk: int, start: int, end: int, source: int) -> None:
            self.pk, self.start, self.end, self.source_file_id = pk, start, end, source
            self.field, self.page, self.document_id, self.quote = "title", None, 7, "anderswo"

    text = "Betreff: Schule"
    facts = facts_in([Row(1, 109, 115, 3), Row(2, 5, 9, 3), Row(3, 109, 115, 4)], text, 100, 3)
    inside = [f for f in facts if f.in_text]
    assert [(f.pk, f.start, f.end, f.quote) for f in inside] == [(1, 9, 15, "Schule")]
    assert {f.pk for f in facts if not f.in_text} == {2, 3}
    assert "fact-2" not in mark_facts(text, facts)
