"""Contact CSV files for imports: shapes, chunks and rows, as a planner and its chunk workers see them."""

from __future__ import annotations

import itertools

import pytest

from functions.imports.csvfile import (
    MAX_CELL,
    MAX_COLUMNS,
    SAMPLE_BYTES,
    FileRefused,
    ParsedRow,
    Shape,
    boundaries,
    check_mapping,
    escape_cell,
    rows,
    sniff,
)

PIECE_LIMIT = 8 * 1024 * 1024  # the most the planner may read at once


def text(*lines: str, end: str = "\n") -> bytes:
    return "".join(line + end for line in lines).encode()


def shape_of(data: bytes, mapping: dict[str, str] | None = None) -> Shape:
    """As the planner does it: the first bytes, and whether they are all of it."""
    return sniff(data[:SAMPLE_BYTES], mapping, whole_file=len(data) <= SAMPLE_BYTES)


def parse(data: bytes, mapping: dict[str, str] | None = None) -> list[ParsedRow]:
    """The whole file as one chunk, for a one-line header."""
    shape = shape_of(data, mapping)
    return list(rows(data[shape.header_bytes :], shape, 2))


def values(data: bytes, mapping: dict[str, str] | None = None) -> list[dict | None]:
    return [row.values for row in parse(data, mapping)]


class File:
    """A stored object read by range, remembering how much each read asked for."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.reads: list[int] = []

    def read(self, offset: int, length: int) -> bytes:
        self.reads.append(length)
        return self.data[offset : offset + length]


def cut(data: bytes, chunk_bytes: int) -> list[tuple[int, int, int]]:
    return boundaries(File(data).read, len(data), shape_of(data).header_bytes, chunk_bytes)


def parse_in_chunks(data: bytes, chunk_bytes: int) -> list[ParsedRow]:
    shape = shape_of(data)
    return [
        row
        for start, end, first_line in cut(data, chunk_bytes)
        for row in rows(data[start:end], shape, first_line)
    ]


# --- encodings ---------------------------------------------------------------------------------


def test_a_utf8_bom_is_not_part_of_the_first_header() -> None:
    data = b"\xef\xbb\xbf" + text("Email,First Name", "zoe@example.com,Zo\u00eb")

    shape = shape_of(data)

    assert shape.encoding == "utf-8-sig"
    assert shape.header == ("Email", "First Name")
    assert shape.targets[0] == "email"
    assert shape.header_bytes == len(b"\xef\xbb\xbfEmail,First Name\n")
    assert values(data) == [{"email": "zoe@example.com", "first_name": "Zo\u00eb"}]


def test_utf8_without_a_bom_is_utf8() -> None:
    data = text("email,city", "a@example.com,K\u00f8benhavn \u20ac")

    assert shape_of(data).encoding == "utf-8"
    assert values(data) == [{"email": "a@example.com", "attributes": {"city": "K\u00f8benhavn \u20ac"}}]


def test_a_character_cut_by_the_end_of_the_sample_still_counts_as_utf8() -> None:
    sample = text("email,name", "a@example.com,Zo") + "\u00eb".encode()[:1]

    assert sniff(sample).encoding == "utf-8"
    assert sniff(sample, whole_file=True).encoding == "cp1252"  # a whole file cannot end mid-character


def test_a_windows_1252_file_reads_umlauts_and_the_euro_sign() -> None:
    data = "email;last name;balance\nm@example.com;M\u00fcller;12 \u20ac\n".encode("cp1252")

    assert shape_of(data).encoding == "cp1252"
    assert values(data) == [
        {"email": "m@example.com", "last_name": "M\u00fcller", "attributes": {"balance": "12 \u20ac"}}
    ]


def test_bytes_that_windows_1252_leaves_undefined_are_read_as_latin1() -> None:
    data = b"email,code\na@example.com,\x81\xe9\n"

    assert shape_of(data).encoding == "latin-1"
    assert values(data) == [{"email": "a@example.com", "attributes": {"code": "\x81\u00e9"}}]


def test_a_row_past_the_sample_that_is_not_utf8_is_rejected_not_garbled() -> None:
    ascii_rows = [f"user{n}@example.com,Plain" for n in range(SAMPLE_BYTES // 20)]
    data = text("email,last name", *ascii_rows) + "m@example.com,M\u00fcller\n".encode("cp1252")

    parsed = parse(data)

    assert shape_of(data).encoding == "utf-8"
    assert all(row.error is None for row in parsed[:-1])
    assert parsed[-1].email == "m@example.com"
    assert parsed[-1].values is None
    assert "not utf-8 text" in (parsed[-1].error or "")
    assert "last name" in (parsed[-1].error or "")


# --- delimiters and line breaks ----------------------------------------------------------------


def test_a_semicolon_file_keeps_commas_inside_cells() -> None:
    data = text("email;first name;company", "a@example.com;Ann;Smith, Jones & Co")

    assert shape_of(data).delimiter == ";"
    assert values(data) == [
        {"email": "a@example.com", "first_name": "Ann", "attributes": {"company": "Smith, Jones & Co"}}
    ]


def test_a_tab_file() -> None:
    data = text("Email\tFirst Name\tNotes", "a@example.com\tAnn\tlikes, commas; and semicolons")

    assert shape_of(data).delimiter == "\t"
    assert values(data)[0] == {
        "email": "a@example.com",
        "first_name": "Ann",
        "attributes": {"notes": "likes, commas; and semicolons"},
    }


def test_delimiters_inside_quoted_headers_do_not_count() -> None:
    data = text('"Email";"Name, full";"a,b,c"', "a@example.com;Ann Lee;x")

    assert shape_of(data).delimiter == ";"
    assert shape_of(data).header == ("Email", "Name, full", "a,b,c")


def test_a_single_column_file_is_comma_separated() -> None:
    data = text("email", "a@example.com")

    assert shape_of(data).delimiter == ","
    assert values(data) == [{"email": "a@example.com"}]


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_windows_and_old_mac_line_breaks(newline: str) -> None:
    data = text("email,first name", "a@example.com,Ann", "", "b@example.com,Bob", end=newline)

    parsed = parse(data)

    assert shape_of(data).header_bytes == len("email,first name" + newline)
    assert [(row.line, row.values) for row in parsed] == [
        (2, {"email": "a@example.com", "first_name": "Ann"}),
        (4, {"email": "b@example.com", "first_name": "Bob"}),
    ]


def test_quoted_line_breaks_and_doubled_quotes_stay_in_their_cell_and_lines_still_count() -> None:
    data = text(
        "email,notes",
        'a@example.com,"first line',
        'second line, with ""quotes"""',
        "b@example.com,plain",
        'c@example.com,"x\r\ny\rz"',
        "d@example.com,after",
    )

    parsed = parse(data)

    assert [(row.line, row.email) for row in parsed] == [
        (2, "a@example.com"),
        (4, "b@example.com"),
        (5, "c@example.com"),
        (8, "d@example.com"),
    ]
    assert parsed[0].values == {
        "email": "a@example.com",
        "attributes": {"notes": 'first line\nsecond line, with "quotes"'},
    }
    assert parsed[2].values == {"email": "c@example.com", "attributes": {"notes": "x\r\ny\rz"}}


def test_blank_lines_and_rows_of_empty_cells_are_skipped() -> None:
    data = text("email,name", "", "a@example.com,Ann", "   ", ",,", "b@example.com,Bob", "")

    assert [(row.line, row.email) for row in parse(data)] == [(3, "a@example.com"), (6, "b@example.com")]


# --- which column is which ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("E-mail", "email"),
        ("Email Address", "email"),
        ("EMAIL_ADDRESS", "email"),
        ("mail", "email"),
        ("First Name", "first_name"),
        ("fname", "first_name"),
        ("Given Name", "first_name"),
        ("Last_Name", "last_name"),
        ("Surname", "last_name"),
        ("family-name", "last_name"),
        ("Name", "name"),
        ("Full Name", "name"),
        ("Phone Number", "phone"),
        ("Mobile", "phone"),
        ("telephone", "phone"),
        ("Tags", "tags"),
        ("Plan", "attributes.plan"),
        ("Signup Date (UTC)", "attributes.signup_date_utc"),
        ("__customer.id__", "attributes.customer_id"),
        ("Ann\u00e9e", "attributes.ann_e"),
        ("2024 spend", None),
        ("", None),
        ("\u00e9\u00e9", None),
        ("x" * 65, None),
    ],
)
def test_headers_are_guessed(name: str, target: str | None) -> None:
    columns = "email," + name if target != "email" else name
    shape = shape_of(text(columns, ""))

    assert shape.targets[-1] == target


def test_a_header_cell_is_kept_as_written_but_stripped() -> None:
    assert shape_of(text(' E-mail ,"  Plan Type "')).header == ("E-mail", "Plan Type")


def test_a_repeated_field_or_attribute_key_goes_to_the_first_column_only() -> None:
    data = text("Email,E-mail,Plan,plan,PLAN!", "a@example.com,b@example.com,gold,silver,bronze")

    assert shape_of(data).targets == ("email", None, "attributes.plan", None, None)
    assert values(data) == [{"email": "a@example.com", "attributes": {"plan": "gold"}}]


def test_a_mapping_names_columns_and_the_others_are_still_guessed() -> None:
    data = text("Mail Work,Email,Notes,First Name,Tier", "w@example.com,h@example.com,call,Ann,gold")
    mapping = {"Mail Work": "email", "notes": "", "Tier": "attributes.level"}

    shape = shape_of(data, mapping)

    # the home Email column would be a guess for email, but the mapping has given email to another column
    assert shape.targets == ("email", None, None, "first_name", "attributes.level")
    assert values(data, mapping) == [
        {"email": "w@example.com", "first_name": "Ann", "attributes": {"level": "gold"}}
    ]


def test_a_mapping_matches_its_exact_spelling_before_ignoring_case() -> None:
    data = text("email,Code,CODE", "a@example.com,x,y")

    shape = shape_of(data, {"CODE": "attributes.upper", "code": "attributes.lower"})

    assert shape.targets == ("email", "attributes.lower", "attributes.upper")


def test_a_mapping_can_ignore_the_only_email_column_and_the_file_is_refused() -> None:
    with pytest.raises(FileRefused) as refused:
        shape_of(text("Email,Name", "a@example.com,Ann"), {"Email": ""})

    assert refused.value.code == "no_email_column"


def test_sniff_refuses_a_mapping_that_check_mapping_refuses() -> None:
    with pytest.raises(ValueError):
        shape_of(text("email,plan", "a@example.com,x"), {"plan": "attributes.9lives"})


def test_a_good_mapping_has_no_problems() -> None:
    mapping = {"E-mail": "email", "Plan": "attributes.plan", "Notes": "", "Other": "", "Tags": "tags"}

    assert check_mapping(mapping) == []


@pytest.mark.parametrize(
    ("mapping", "field", "words"),
    [
        ({"Mail": "nonsense"}, "mapping.Mail", "not a field"),
        ({"Mail": "Email"}, "mapping.Mail", "not a field"),
        ({"Plan": "attributes.9lives"}, "mapping.Plan", "attribute key"),
        ({"Plan": "attributes."}, "mapping.Plan", "attribute key"),
        ({"Plan": "attributes.plan type"}, "mapping.Plan", "attribute key"),
        ({"Plan": "attributes.plan\n"}, "mapping.Plan", "attribute key"),
        ({"Plan": "attributes." + "p" * 65}, "mapping.Plan", "attribute key"),
        ({"A": "email", "B": "email"}, "mapping.B", "already the target of 'A'"),
        ({"Mail": 3}, "mapping.Mail", "string"),
    ],
)
def test_check_mapping_names_the_header_with_the_problem(mapping: dict, field: str, words: str) -> None:
    problems = check_mapping(mapping)

    assert len(problems) == 1
    assert problems[0]["field"] == field
    assert words in problems[0]["message"]


def test_check_mapping_refuses_more_columns_than_a_file_may_have() -> None:
    mapping = {f"c{n}": "" for n in range(MAX_COLUMNS + 1)}

    assert [p["field"] for p in check_mapping(mapping)] == ["mapping"]


# --- files refused -----------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b" \r\n\t\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n"])
def test_an_empty_file_is_refused(data: bytes) -> None:
    with pytest.raises(FileRefused) as refused:
        sniff(data, whole_file=True)

    assert refused.value.code == "empty_file"


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04\x14\x00\x06\x00email",
        b"\xff\xfee\x00m\x00a\x00i\x00l\x00\n\x00",
        b"\xfe\xff\x00e\x00m",
        b"email\n" + bytes(range(1, 9)) * 4,
    ],
    ids=["zip", "utf-16-le", "utf-16-be", "control characters"],
)
def test_a_binary_file_is_refused(data: bytes) -> None:
    with pytest.raises(FileRefused) as refused:
        sniff(data, whole_file=True)

    assert refused.value.code == "binary_file"


def test_a_few_control_characters_are_still_text() -> None:
    data = text("email,notes", "a@example.com,line\x0bbreak as FileMaker writes it")

    assert values(data) == [
        {"email": "a@example.com", "attributes": {"notes": "line\x0bbreak as FileMaker writes it"}}
    ]


def test_a_file_without_an_email_column_is_refused_naming_its_headers() -> None:
    with pytest.raises(FileRefused) as refused:
        shape_of(text("Name,Phone,Company", "Ann,123,Acme"))

    assert refused.value.code == "no_email_column"
    assert all(name in refused.value.message for name in ("Name", "Phone", "Company"))


def test_a_file_with_too_many_columns_is_refused() -> None:
    header = ",".join(["email"] + [f"c{n}" for n in range(MAX_COLUMNS)])

    with pytest.raises(FileRefused) as refused:
        shape_of(text(header, "a@example.com"))

    assert refused.value.code == "too_many_columns"


def test_as_many_columns_as_allowed_is_fine() -> None:
    header = ",".join(["email"] + [f"c{n}" for n in range(MAX_COLUMNS - 1)])

    assert len(shape_of(text(header, "a@example.com")).header) == MAX_COLUMNS


@pytest.mark.parametrize(
    "sample",
    [b"email," + b"x" * SAMPLE_BYTES, b'email,"a quoted header\nthat goes on' + b"x" * SAMPLE_BYTES],
    ids=["no line break", "inside quotes"],
)
def test_a_header_longer_than_the_sample_is_refused(sample: bytes) -> None:
    with pytest.raises(FileRefused) as refused:
        sniff(sample[:SAMPLE_BYTES])

    assert refused.value.code == "header_too_long"


def test_a_whole_file_that_is_only_a_header_without_a_line_break_is_fine() -> None:
    shape = sniff(b"email,name", whole_file=True)

    assert shape.header_bytes == len(b"email,name")
    assert boundaries(File(b"email,name").read, 10, shape.header_bytes, 100) == []


def test_a_quote_never_closed_in_a_large_file_is_refused() -> None:
    data = b'email,notes\na@example.com,"never closed\n' + b"b@example.com,note\n" * 500_000

    with pytest.raises(FileRefused) as refused:
        cut(data, 1024 * 1024)

    assert refused.value.code == "row_too_long"
    assert "line 2" in refused.value.message


# --- rows ------------------------------------------------------------------------------------------


def test_a_row_with_more_cells_than_the_header_is_rejected() -> None:
    [row] = parse(text("email,name", "a@example.com,Ann,extra"))

    assert (row.line, row.email, row.values) == (2, "a@example.com", None)
    assert row.error == "too many columns (3, the header has 2)"


def test_a_row_with_fewer_cells_than_the_header_is_fine() -> None:
    assert values(text("email,first name,last name", "a@example.com,Ann")) == [
        {"email": "a@example.com", "first_name": "Ann"}
    ]


def test_a_cell_over_the_limit_rejects_its_row_only() -> None:
    data = text("email,notes", "a@example.com," + "x" * (MAX_CELL + 1), "b@example.com," + "x" * MAX_CELL)

    first, second = parse(data)

    assert first.error == "a cell is over 10,000 characters (column notes)"
    assert first.email == "a@example.com"
    assert second.error is None


def test_a_cell_larger_than_csvs_own_field_limit_is_reported_and_the_next_row_read() -> None:
    data = text("email,notes", 'a@example.com,"' + "x\n" * 100_000 + '"', "b@example.com,fine")

    first, second = parse(data)

    assert first.error == "a cell is over 10,000 characters (column notes)"
    assert (second.line, second.values) == (
        100_003,
        {"email": "b@example.com", "attributes": {"notes": "fine"}},
    )


def test_a_long_cell_in_an_ignored_column_does_not_cost_the_row() -> None:
    data = text("email,notes", "a@example.com," + "x" * (MAX_CELL + 1))

    assert values(data, {"notes": ""}) == [{"email": "a@example.com"}]


def test_a_row_without_an_email_is_rejected() -> None:
    [row] = parse(text("name,email", "Ann,  "))

    assert (row.line, row.email, row.values, row.error) == (2, "", None, "no email")


def test_cells_are_stripped_and_empty_ones_left_out() -> None:
    data = text("email,first name,last name,phone,plan", "  a@example.com , Ann ,, ,  gold ")

    assert values(data) == [{"email": "a@example.com", "first_name": "Ann", "attributes": {"plan": "gold"}}]


def test_emails_are_not_validated_here() -> None:
    assert values(text("email", "not an email")) == [{"email": "not an email"}]


@pytest.mark.parametrize(
    ("cell", "tags"),
    [("vip, news ;beta", ["vip", "news", "beta"]), (" , ;", None), ("vip;vip", ["vip"])],
)
def test_a_tags_cell_splits_on_commas_and_semicolons(cell: str, tags: list[str] | None) -> None:
    data = text("email\ttags", f"a@example.com\t{cell}")

    assert (values(data)[0] or {}).get("tags") == tags


# --- chunks ------------------------------------------------------------------------------------


def many_rows(count: int, end: str = "\n") -> bytes:
    lines = [
        f'user{n}@example.com,"Note {n}{end}spans, lines ""quoted""",{n}'
        if n % 7 == 0
        else f"u{n}@example.com,x,{n}"
        for n in range(count)
    ]
    return text("email,notes,seq", *lines, end=end)


@pytest.mark.parametrize("chunk_bytes", [1, 50, 333, 4096])
def test_chunks_hold_every_row_once_with_its_line(chunk_bytes: int) -> None:
    data = many_rows(300)

    chunked = parse_in_chunks(data, chunk_bytes)

    assert chunked == parse(data)
    assert len(chunked) == 300
    assert chunked[-1].line == 1 + 300 + len(range(0, 300, 7))  # the header, and a line per quoted break


def test_chunks_follow_each_other_without_gaps_from_the_header_to_the_end() -> None:
    data = many_rows(300, end="\r\n")

    cuts = cut(data, 200)

    assert (cuts[0][0], cuts[0][2]) == (shape_of(data).header_bytes, 2)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(cuts))
    assert cuts[-1][1] == len(data)
    assert all(end - start >= 200 for start, end, _ in cuts[:-1])


def test_a_cut_never_lands_inside_a_quoted_field_that_spans_lines() -> None:
    header = b"email,notes\n"
    # a naive cut at the first line break 20 bytes in would fall on the one inside the quotes
    data = header + b'a@example.com,"' + b"x" * 20 + b"\n" + b"y" * 200 + b'"\nb@example.com,z\n'

    cuts = cut(data, 20)

    assert cuts == [(len(header), len(data) - len(b"b@example.com,z\n"), 2), (len(data) - 16, len(data), 4)]
    assert [row.line for row in parse_in_chunks(data, 20)] == [2, 4]


def test_a_quote_inside_an_unquoted_cell_is_a_character_not_the_start_of_a_field() -> None:
    data = text("email,screen", 'a@example.com,15" wide', "b@example.com,17", "c@example.com,19")

    assert parse_in_chunks(data, 1) == parse(data)
    assert parse(data)[0].values == {
        "email": "a@example.com",
        "attributes": {"screen": '15" wide'},
    }


def test_the_last_chunk_ends_at_the_end_of_a_file_without_a_final_line_break() -> None:
    data = b"email,name\na@example.com,Ann\nb@example.com,Bob"

    cuts = cut(data, 1)

    assert cuts == [(11, 29, 2), (29, len(data), 3)]
    assert [row.values for row in parse_in_chunks(data, 1)][-1] == {"email": "b@example.com", "name": "Bob"}


@pytest.mark.parametrize("data", [b"email,name\n", b"email,name\r\n\r\n\n", b"email\n,\n"])
def test_a_file_with_only_a_header_has_no_chunks(data: bytes) -> None:
    assert cut(data, 10) == []


def test_blank_lines_at_the_end_join_the_last_chunk() -> None:
    data = b"email\na@example.com\n\n\n\n"

    assert cut(data, 1000) == [(6, len(data), 2)]


def test_a_long_run_of_blank_rows_is_cut_on_size_like_any_other() -> None:
    data = b"email\na@example.com\n" + b",\n" * 5000 + b"b@example.com\n"

    chunks = cut(data, 1000)

    assert len(chunks) >= 10  # never one chunk of everything after the first row
    assert all(end - start < 1100 for start, end, _ in chunks)
    assert chunks[-1][1] == len(data)


def test_a_header_with_a_quoted_line_break_puts_the_data_on_line_three() -> None:
    data = b'"E-mail\naddress",name\na@example.com,Ann\n'

    shape = shape_of(data)
    [(start, _, first_line)] = cut(data, 1000)

    assert shape.targets == ("email", "name")
    assert (start, first_line) == (shape.header_bytes, 3)


def test_a_file_with_a_bom_is_cut_where_sniff_says_the_data_starts() -> None:
    data = b"\xef\xbb\xbf" + many_rows(50)

    assert parse_in_chunks(data, 100) == list(rows(data[shape_of(data).header_bytes :], shape_of(data), 2))


def test_a_large_file_is_read_in_pieces_and_a_line_break_split_between_them_is_one() -> None:
    row = b"someone@example.com,a note,1\r\n"
    head = b"email,notes,seq\r\n"
    filler = (PIECE_LIMIT - len(head)) // len(row)
    # lengthen one row so that a CRLF straddles the end of the first 8 MB piece
    short_by = PIECE_LIMIT - len(head) - filler * len(row) + 1
    data = head + row * (filler - 1) + row.replace(b"a note", b"a note" + b"!" * short_by) + row * 1000
    assert data[PIECE_LIMIT - 1 : PIECE_LIMIT + 1] == b"\r\n"
    stored = File(data)

    cuts = boundaries(stored.read, len(data), len(head), 1024 * 1024)
    shape = shape_of(data)
    lines = [row.line for start, end, first in cuts for row in rows(data[start:end], shape, first)]

    assert max(stored.reads) <= PIECE_LIMIT
    assert lines == list(range(2, filler + 1000 + 2))


# --- exports -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "escaped"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+1 555 0100", "'+1 555 0100"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("a@example.com", "a@example.com"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_escaped_for_export(cell: str, escaped: str) -> None:
    assert escape_cell(cell) == escaped


def test_an_attributes_column_of_an_export_is_read_back_as_that_attribute() -> None:
    shape = sniff(b"email,attributes.Plan,attributes.bad key\r\na@example.com,pro,x\r\n", whole_file=True)

    assert shape.targets == ("email", "attributes.Plan", "attributes.attributes_bad_key")
