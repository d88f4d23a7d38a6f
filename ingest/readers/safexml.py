"""Hardened XML reading: no entity expansion, no network, no DTD loading, size limits.

Two layers: defusedxml checks the prolog (a DOCTYPE that declares entities, the XML-bomb and external-entity
vector, is refused before lxml sees the file), and lxml parses with ``resolve_entities=False``,
``no_network=True``, ``load_dtd=False`` and ``huge_tree=False`` (libxml2's own depth and text-size limits).
Compressed input is read through a counter that stops at ``max_bytes`` of decompressed XML (gzip bombs).
"""

from __future__ import annotations

import gzip
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import defusedxml.ElementTree as defused_et
from defusedxml.common import DefusedXmlException
from lxml import etree

from core.errors import BadInput

DEFAULT_MAX_FILE_BYTES = 4 * 1024**3  # decompressed; a PubMed baseline file is ~200 MB
PROLOG_BYTES = 64 * 1024
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")


class _LimitedReader(io.RawIOBase):
    """A read-only stream that raises once more than ``limit`` bytes were read from ``inner``."""

    def __init__(self, inner: IO[bytes], limit: int, name: str) -> None:
        self._inner, self._limit, self._name, self._count = inner, limit, name, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        data = self._inner.read(len(buffer))
        self._count += len(data)
        if self._count > self._limit:
            raise BadInput(f"{self._name}: larger than the limit of {self._limit} bytes of XML")
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._inner.close()
        super().close()


def open_bytes(path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> IO[bytes]:
    """The file's (decompressed) bytes, refusing more than ``max_bytes``."""
    raw: IO[bytes] = gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")  # noqa: SIM115
    return io.BufferedReader(_LimitedReader(raw, max_bytes, str(path)))


def check_prolog(path: Path) -> None:
    """Refuse DOCTYPEs that declare entities (XML bombs, external entities) before parsing anything."""
    try:
        with open_bytes(path) as stream:
            head = stream.read(PROLOG_BYTES)
    except (OSError, EOFError) as error:
        raise BadInput(f"{path}: cannot read ({error})") from error
    doctype = _DOCTYPE.search(head)
    if doctype is None:
        return
    first_element = _FIRST_ELEMENT.search(head, doctype.end())
    if first_element is None:
        raise BadInput(f"{path}: DOCTYPE longer than {PROLOG_BYTES} bytes; refusing it")
    prolog = head[: first_element.start()]
    try:
        defused_et.fromstring(prolog + b"<_/>", forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise BadInput(f"{path}: refused, the DOCTYPE declares entities ({error!r}); possible XML bomb") from error
    except defused_et.ParseError as error:
        raise BadInput(f"{path}: malformed prolog ({error})") from error


def _parser_options() -> dict[str, bool]:
    return {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False,
            "dtd_validation": False, "remove_comments": True, "remove_pis": True}


def parse_tree(path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> etree._Element:
    """The whole document's root element (for files of one record, like an SPL label)."""
    check_prolog(path)
    parser = etree.XMLParser(**_parser_options())
    try:
        with open_bytes(path, max_bytes) as stream:
            return etree.parse(stream, parser).getroot()
    except etree.XMLSyntaxError as error:
        raise BadInput(f"{path}: malformed XML ({error})") from error


def iter_records(path: Path, tags: set[str], max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Iterator[etree._Element]:
    """Children of the root element named in ``tags`` (local names), yielded at their end tag, then freed.

    Raises :class:`BadInput` at the point the file turns out malformed; records yielded before that stay good.
    """
    check_prolog(path)
    with open_bytes(path, max_bytes) as stream:
        events = etree.iterparse(stream, events=("end",), **_parser_options())
        try:
            for _, element in events:
                parent = element.getparent()
                if parent is None or parent.getparent() is not None or local_name(element) not in tags:
                    continue
                yield element
                element.clear(keep_tail=False)
                while element.getprevious() is not None:
                    del parent[0]
        except etree.XMLSyntaxError as error:
            raise BadInput(f"{path}: malformed XML ({error})") from error


def local_name(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


_BLOCK_TAGS = {"paragraph", "p", "item", "tr", "br", "title", "caption", "list", "table", "AbstractText", "li"}


def block_text(element: etree._Element, skip: frozenset[str] = frozenset()) -> str:
    """The element's text with line breaks between blocks (paragraphs, list items, rows), whitespace tidied."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        name = local_name(node)
        if node.text:
            parts.append(node.text)
        for child in node:
            if local_name(child) not in skip:
                walk(child)
            if child.tail:
                parts.append(child.tail)
        if name in _BLOCK_TAGS:
            parts.append("\n")
        elif name in {"td", "th"}:
            parts.append(" ")

    walk(element)
    return tidy("".join(parts))


def tidy(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)
