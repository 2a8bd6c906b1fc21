"""A small HTML reader for tests (the standard library's parser): elements with their attributes,
text and the ids and classes of the elements around them."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    inside: list[tuple[str, dict[str, str]]]  # the enclosing elements, outermost first
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())

    def within(self, *, id: str | None = None, tag: str | None = None) -> bool:
        return any(
            (id is None or attrs.get("id") == id) and (tag is None or name == tag)
            for name, attrs in self.inside
        )


class Page(HTMLParser):
    def __init__(self, html: str | bytes) -> None:
        super().__init__()
        self.elements: list[Element] = []
        self._open: list[Element] = []
        self.feed(html.decode() if isinstance(html, bytes) else html)

    def handle_starttag(self, tag, attrs):
        element = Element(
            tag, {k: v or "" for k, v in attrs}, [(e.tag, e.attrs) for e in self._open]
        )
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i].tag == tag:
                del self._open[i:]
                break

    def handle_data(self, data):
        for element in self._open:
            element.parts.append(data)

    def find(self, tag: str, *, within: str | None = None, **attrs: str) -> list[Element]:
        """Elements of a tag (inside the element with id ``within``) whose attributes match;
        ``class_`` matches one class, ``href`` the whole value, ``href__end`` its end."""
        found = []
        for e in self.elements:
            if e.tag != tag or (within and not e.within(id=within)):
                continue
            if all(_matches(e.attrs, key, value) for key, value in attrs.items()):
                found.append(e)
        return found

    def text_of(self, tag: str, **attrs: str) -> str:
        return " ".join(e.text for e in self.find(tag, **attrs))


def _matches(attrs: dict[str, str], key: str, value: str) -> bool:
    if key == "class_":
        return value in attrs.get("class", "").split()
    if key.endswith("__end"):
        return attrs.get(key[:-5], "").endswith(value)
    return attrs.get(key.replace("_", "-")) == value
