"""Contact CSV files for bulk imports: a file's shape, where to cut it, and the rows of each piece.

An import is planned from the file's first bytes (`sniff`: encoding, delimiter, what each column means),
then cut into chunks that each start at a row (`boundaries`), and each chunk is parsed on its own (`rows`),
so a file of any size is read in pieces and its chunks can be worked on in parallel.

How it holds together:
- One parser, the csv module, everywhere. `boundaries` finds where rows end by letting csv read the file
  as latin-1 text: one character per byte, and the characters csv acts on (delimiter, quote, CR, LF) are
  the same single bytes in every encoding accepted here, never part of a longer character. So a cut
  lands exactly where `rows` will see a row end, quoted line breaks and stray quotes included.
- The delimiter belongs to the header line, so `boundaries` reads it from the header as `sniff` does
  rather than being told it.
- The encoding is decided from the sample. A later row that does not decode is rejected with a reason
  (its bytes are kept with surrogateescape and looked for), never imported as garbled text.
- Whole-file problems raise FileRefused; a bad row is a ParsedRow with an `error`, and the rest go on.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from functions.contacts.models import ATTRIBUTE_KEY, MAX_ATTRIBUTE_KEY

MAX_COLUMNS = 100
MAX_CELL = 10_000  # characters
SAMPLE_BYTES = 64 * 1024  # what sniff() is given (or less, for a small file)
PIECE_BYTES = 8 * 1024 * 1024  # the most boundaries() reads at once
# No valid row comes near: 100 cells of 10,000 characters are at most about 4 MB of UTF-8. A longer one
# is nearly always a quote never closed, which would otherwise swallow the rest of the file into one row.
MAX_ROW_BYTES = 8 * 1024 * 1024
BINARY_SHARE = 0.05  # control characters text may hold (FileMaker writes vertical tabs in cells)
MAX_REPORTED_EMAIL = 320  # an email cell is cut to this in error reports

FIELDS = ("email", "first_name", "last_name", "name", "phone", "tags")
ATTRIBUTE_PREFIX = "attributes."
DELIMITERS = (",", ";", "\t")  # in this order on a tie

_ALIASES = {
    "email": ("email", "e-mail", "email address", "mail", "emailaddress"),
    "first_name": ("first name", "firstname", "first", "fname", "given name"),
    "last_name": ("last name", "lastname", "last", "lname", "surname", "family name"),
    "name": ("name", "full name"),
    "phone": ("phone", "phone number", "mobile", "telephone"),
    "tags": ("tags",),
}
_IGNORED_IN_NAMES = re.compile(r"[\s_.\-]+")
_NOT_IN_KEYS = re.compile(r"[^a-z0-9_]+")
_STRUCTURE = re.compile(r'["\r\n,;\t]')
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UNDECODED = re.compile("[\udc80-\udcff]")  # what surrogateescape makes of bytes that did not decode
_TAG_SEPARATORS = re.compile(r"[,;]")


class FileRefused(Exception):
    """The file as a whole cannot be imported; `code` is for programs, `message` for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Shape:
    encoding: str  # "utf-8-sig" | "utf-8" | "cp1252" | "latin-1": how to decode every chunk
    delimiter: str  # "," | ";" | "\t"
    header: tuple[str, ...]  # the header cells as written (decoded, stripped)
    targets: tuple[str | None, ...]  # per column: a field, "attributes.<key>", or None (column ignored)
    header_bytes: int  # length in bytes of the header line with its line break (data rows start there)


@dataclass
class ParsedRow:
    line: int  # physical line number in the file where the row starts
    values: dict[str, Any] | None  # the row as a POST /v1/contacts body, empty cells left out; None on error
    email: str  # the email cell as written ("" if none), for error reports
    error: str | None = None  # why the row is rejected


# --- mappings ----------------------------------------------------------------------------------


def _fold(name: str) -> str:
    return _IGNORED_IN_NAMES.sub("", name.lower())


_FIELD_BY_NAME = {_fold(alias): field for field, aliases in _ALIASES.items() for alias in aliases}


def _valid_key(key: str) -> bool:
    # fullmatch: the model's pattern ends in `$`, which match() lets pass before a final newline
    return len(key) <= MAX_ATTRIBUTE_KEY and ATTRIBUTE_KEY.fullmatch(key) is not None


def _target_problem(target: object) -> str | None:
    if not isinstance(target, str):
        return "a target is a string"
    if target == "" or target in FIELDS:
        return None
    if target.startswith(ATTRIBUTE_PREFIX):
        key = target.removeprefix(ATTRIBUTE_PREFIX)
        if _valid_key(key):
            return None
        return f"attribute key {key[:80]!r}: letters, digits and _ (not first), at most {MAX_ATTRIBUTE_KEY}"
    return (
        f"{target[:80]!r} is not a field: use one of {', '.join(FIELDS)}, "
        f'"attributes.<key>", or "" to ignore the column'
    )


def check_mapping(mapping: dict[str, str]) -> list[dict[str, str]]:
    """Problems with an explicit mapping {"E-mail": "email", "Plan": "attributes.plan", "Notes": ""}: each
    target must be one of the fields above, "attributes.<key>" with a valid attribute key, or "" (ignore the
    column). Returns [{"field": "mapping.<header>", "message": ...}] (empty: fine)."""
    if len(mapping) > MAX_COLUMNS:
        return [{"field": "mapping", "message": f"at most {MAX_COLUMNS} columns"}]
    problems: list[dict[str, str]] = []
    first_with: dict[str, str] = {}  # target -> the header that has it
    for header, target in mapping.items():
        message = _target_problem(target)
        if message is None and target and target in first_with:
            message = f"{target} is already the target of {first_with[target][:80]!r}"
        if message is not None:
            problems.append({"field": f"mapping.{header}", "message": message})
        elif target:
            first_with[target] = header
    return problems


def _guess(name: str) -> str | None:
    field = _FIELD_BY_NAME.get(_fold(name))
    if field is not None:
        return field
    if name.lower().startswith(ATTRIBUTE_PREFIX) and _valid_key(name[len(ATTRIBUTE_PREFIX) :]):
        return ATTRIBUTE_PREFIX + name[len(ATTRIBUTE_PREFIX) :]  # as an export writes it: kept as it is
    key = _NOT_IN_KEYS.sub("_", name.lower()).strip("_")
    return ATTRIBUTE_PREFIX + key if _valid_key(key) else None


def _named(header: list[str], mapping: dict[str, str]) -> list[str | None]:
    """What the mapping gives each column ("" ignores it), None where it names none. A name is matched
    exactly first, then ignoring case, and each name goes to one column only."""
    unused = dict(mapping)
    named = [unused.pop(name, None) for name in header]
    for at, name in enumerate(header):
        if named[at] is None:
            match = next((m for m in unused if m.strip().lower() == name.lower()), None)
            named[at] = None if match is None else unused.pop(match)
    return named


def _targets(header: list[str], mapping: dict[str, str]) -> list[str | None]:
    named = _named(header, mapping)
    taken = {target for target in named if target}
    targets: list[str | None] = []
    for name, chosen in zip(header, named, strict=True):
        if chosen is not None:
            targets.append(chosen or None)
            continue
        # a guess never takes what the mapping or an earlier column already has: the first one wins
        guess = _guess(name)
        targets.append(guess if guess not in taken else None)
        if guess is not None:
            taken.add(guess)
    return targets


# --- the shape of a file -----------------------------------------------------------------------


def _refuse_empty_or_binary(body: bytes) -> None:
    if not body.strip():
        raise FileRefused("empty_file", "the file is empty")
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileRefused("binary_file", "the file is UTF-16 text: save it as CSV UTF-8 and upload it again")
    if b"\x00" in body or len(_CONTROL.findall(body)) > BINARY_SHARE * len(body):
        raise FileRefused(
            "binary_file",
            "this is not CSV text (a spreadsheet, an archive, UTF-16?): export it as CSV UTF-8",
        )


def _encoding(sample: bytes, whole_file: bool) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        # not final unless whole: the sample may end inside a character that the next byte completes
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=whole_file)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"  # decodes anything: cp1252 leaves five bytes undefined


def _codec(encoding: str) -> str:
    return "utf-8" if encoding == "utf-8-sig" else encoding  # the BOM is skipped with the header


def _bom(data: bytes) -> int:
    return len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0


def _delimiter(text: str) -> str:
    """The most frequent of , ; and tab outside quotes in the first line; comma when none."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for match in _STRUCTURE.finditer(text):
        char = match.group()
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char in "\r\n":
            break
        else:
            counts[char] += 1
    return max(DELIMITERS, key=counts.__getitem__)


def _header_record(text: str, delimiter: str, whole_file: bool) -> tuple[list[str], int]:
    """The first record of `text` and where it ends; refused if it may go on past the sample."""
    feed = _Feed([text])
    cells = next(csv.reader(feed, delimiter=delimiter), [])
    # csv asks for another line only when the record is not over (a quote still open)
    ended = not feed.exhausted and feed.last.endswith(("\n", "\r"))
    if not (ended or whole_file):
        raise FileRefused(
            "header_too_long", f"the first line is over {len(text) // 1024} KB: is this a CSV file?"
        )
    return cells, feed.taken


def _listed(names: Iterable[str], most: int = 20) -> str:
    shown = [repr(name[:50]) for name in names]
    if not shown:
        return "nothing"
    more = f" and {len(shown) - most} more" if len(shown) > most else ""
    return ", ".join(shown[:most]) + more


def sniff(sample: bytes, mapping: dict[str, str] | None = None, *, whole_file: bool = False) -> Shape:
    """The file's shape from its first bytes. `whole_file`: the sample is the entire file."""
    problems = check_mapping(mapping or {})
    if problems:
        raise ValueError(f"sniff() takes a mapping check_mapping() accepts: {problems[0]}")
    skip = _bom(sample)
    _refuse_empty_or_binary(sample[skip:])
    encoding = _encoding(sample, whole_file)
    text = sample[skip:].decode("latin-1")  # one character per byte: offsets are byte offsets
    delimiter = _delimiter(text)
    cells, end = _header_record(text, delimiter, whole_file)
    if len(cells) > MAX_COLUMNS:
        raise FileRefused("too_many_columns", f"the header has {len(cells)} columns: at most {MAX_COLUMNS}")
    header = [cell.encode("latin-1").decode(_codec(encoding)).strip() for cell in cells]
    targets = _targets(header, mapping or {})
    if "email" not in targets:
        raise FileRefused(
            "no_email_column",
            f"no column holds email addresses (name one email, or map it); the header has: {_listed(header)}",
        )
    return Shape(encoding, delimiter, tuple(header), tuple(targets), skip + end)


# --- cutting a file into chunks ----------------------------------------------------------------


class _Feed:
    """Lines for csv.reader, counting what it took. csv reads the lines of one record and no further, so
    after each record `taken` is where the next one starts (characters: bytes, for latin-1 text).
    With a `limit`, a record (from the last `mark()`) longer than that is refused."""

    def __init__(self, texts: Iterable[str], taken: int = 0, limit: int | None = None) -> None:
        self._lines = self._split(texts)
        self._limit = limit
        self.taken = taken
        self.count = 0  # physical lines taken
        self.last = ""
        self.exhausted = False
        self.mark()

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        try:
            line = next(self._lines)
        except StopIteration:
            self.exhausted = True
            raise
        self.taken += len(line)
        self.count += 1
        self.last = line
        self._guard(0)
        return line

    def mark(self) -> None:
        """A record ends here: the next starts at `taken`, on line `record_line`."""
        self.record_at = self.taken
        self.record_line = self.count + 1

    def _guard(self, pending: int) -> None:
        if self._limit is not None and self.taken + pending - self.record_at > self._limit:
            raise FileRefused(
                "row_too_long",
                f"the row on line {self.record_line} runs past {self._limit // 2**20} MB: "
                "is a closing quote missing?",
            )

    def _split(self, texts: Iterable[str]) -> Iterator[str]:
        carry = ""  # a line not known to be over: no LF yet (a CR may be the first half of CRLF)
        for text in texts:
            lines = io.StringIO(carry + text, newline="").readlines()
            carry = lines.pop() if lines and not lines[-1].endswith("\n") else ""
            yield from lines
            self._guard(len(carry))
        if carry:
            yield carry


def _pieces(read: Callable[[int, int], bytes], size: int) -> Iterator[bytes]:
    for offset in range(0, size, PIECE_BYTES):
        yield read(offset, min(PIECE_BYTES, size - offset))


def _blank(cells: list[str]) -> bool:
    return not any(cell.strip() for cell in cells)


def boundaries(
    read: Callable[[int, int], bytes], size: int, start: int, chunk_bytes: int
) -> list[tuple[int, int, int]]:
    """Cut bytes [start, size) of the file into chunks of about chunk_bytes, each ending just after a line
    break that is outside quotes, so no row (even one with a quoted field spanning lines) is split.
    Returns (chunk_start, chunk_end, first_line) with first_line the 1-based physical line number of the
    chunk's first byte in the file (the header is line 1, so the first data chunk usually starts at line 2).
    `read(offset, length)` returns bytes of the file (it streams a large object piece by piece: read in
    pieces of at most 8 MB, never the whole file at once). The last chunk ends at `size` even without a final
    line break. A file with no data rows returns []."""
    if start >= size:
        return []
    pieces = _pieces(read, size)
    first = next(pieces)
    skip = _bom(first)
    delimiter = _delimiter(first[skip:SAMPLE_BYTES].decode("latin-1"))  # the bytes sniff() had
    # read from the top (the header too) so line numbers count every line and quotes open where csv sees them
    texts = (piece.decode("latin-1") for piece in _chained(first[skip:], pieces))
    feed = _Feed(texts, taken=skip, limit=MAX_ROW_BYTES)
    _allow_long_fields()
    cuts: list[tuple[int, int, int]] = []
    chunk_start, chunk_line, has_rows = start, 0, False
    for cells in csv.reader(feed, delimiter=delimiter):
        if feed.taken <= start:  # the header: read only to reach the data
            feed.mark()
            continue
        chunk_line = chunk_line or feed.record_line
        has_rows = has_rows or not _blank(cells)
        # Cut on size alone: a long run of blank rows (spreadsheets export thousands) must not make one
        # chunk of the rest of the file. A chunk of blank rows only costs its worker a read.
        if feed.taken - chunk_start >= chunk_bytes:
            cuts.append((chunk_start, feed.taken, chunk_line))
            chunk_start, chunk_line, has_rows = feed.taken, 0, False
        feed.mark()
    if has_rows:
        cuts.append((chunk_start, size, chunk_line))
    elif cuts:  # only blank lines after the last cut: they join the chunk before
        cuts[-1] = (cuts[-1][0], size, cuts[-1][2])
    return cuts


def _chained(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def _allow_long_fields() -> None:
    # csv refuses a field over 128 KB with an error that loses the rest of the chunk; rows() reports
    # over-long cells itself. The limit is process-wide, and only ever raised here.
    if csv.field_size_limit() < MAX_ROW_BYTES:
        csv.field_size_limit(MAX_ROW_BYTES)


# --- rows ----------------------------------------------------------------------------------------


def _tags(text: str) -> list[str]:
    tags = (tag.strip() for tag in _TAG_SEPARATORS.split(text))
    return list(dict.fromkeys(tag for tag in tags if tag))


def _values(cells: list[str], targets: tuple[str | None, ...]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for target, cell in zip(targets, cells, strict=False):
        text = cell.strip()
        if not target or not text:
            continue
        if target == "tags":
            if tags := _tags(text):
                values["tags"] = tags
        elif target.startswith(ATTRIBUTE_PREFIX):
            values.setdefault("attributes", {})[target.removeprefix(ATTRIBUTE_PREFIX)] = text
        else:
            values[target] = text
    return values


def _row_error(cells: list[str], shape: Shape, email: str) -> str | None:
    if len(cells) > len(shape.header):
        return f"too many columns ({len(cells)}, the header has {len(shape.header)})"
    # only the cells imported: a long note in an ignored column does not cost the row
    for name, target, cell in zip(shape.header, shape.targets, cells, strict=False):
        if target and len(cell.strip()) > MAX_CELL:
            return f"a cell is over {MAX_CELL:,} characters (column {name})"
        if target and _UNDECODED.search(cell):
            return f"not {_codec(shape.encoding)} text, as the start of the file is (column {name})"
    if not email:
        return "no email"
    return None


def _row(cells: list[str], shape: Shape, line: int) -> ParsedRow:
    at = shape.targets.index("email")
    email = cells[at].strip() if at < len(cells) else ""
    reported = _UNDECODED.sub("\ufffd", email[:MAX_REPORTED_EMAIL])  # reports are written as UTF-8
    error = _row_error(cells, shape, email)
    if error is not None:
        return ParsedRow(line, None, reported, error)
    return ParsedRow(line, _values(cells, shape.targets), reported)


def rows(data: bytes, shape: Shape, first_line: int) -> Iterator[ParsedRow]:
    """Every row of a chunk (the bytes between two boundaries; for the first chunk the header is NOT in
    `data`: the caller starts at header_bytes), blank lines skipped."""
    _allow_long_fields()
    text = data.decode(_codec(shape.encoding), errors="surrogateescape")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=shape.delimiter)
    lines_before = 0
    for cells in reader:
        line, lines_before = first_line + lines_before, reader.line_num
        if not _blank(cells):  # blank lines, and rows of empty cells that spreadsheets leave at the end
            yield _row(cells, shape, line)


def escape_cell(value: str) -> str:
    """For exports: a cell starting with =, +, -, @ (and also tab or carriage return, per OWASP's CSV
    injection advice) is prefixed with a single quote so spreadsheet programs do not run it as a formula."""
    return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value
