"""The course's roster and secret, checked before anything renders.

A roster is a CSV file in UTF-8 (a byte-order mark is fine) with a header row that has a column
``id`` (or ``student_id``, any case): one student a row, other columns (a name, an e-mail) are
ignored. An id names the student's folder, so it is 1 to 64 letters, digits and ``. _ - @ +``,
not starting with a dot. Every mistake is one line (``RosterError``) naming the file and the row.
"""
from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

MAX_STUDENTS = 5000          # rows; a larger course is several batches (one per section)
MAX_BYTES = 10 * 2**20       # a 5,000-row roster with names and e-mails is well under 1 MB
ID_COLUMNS = ("id", "student_id")
ID_PATTERN = re.compile(r"[A-Za-z0-9_@+-][A-Za-z0-9._@+-]{0,63}")
MIN_SECRET = 8


class RosterError(ValueError):
    """A roster, a secret or an option that cannot be used: one line, said before anything renders."""


def read_roster(path: Path) -> list[str]:
    """The students' ids, in the roster's order."""
    path = Path(path)
    if not path.is_file():
        raise RosterError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise RosterError(f"{path}: {size} bytes, more than the {MAX_BYTES // 2**20} MB a roster of"
                          f" {MAX_STUDENTS} students needs")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise RosterError(f"{path}: not UTF-8 (byte {e.start}, line {line}): save it as CSV UTF-8")
    if "\0" in text:
        raise RosterError(f"{path}: holds NUL characters: not a CSV file")
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(rows, None)
        if header is None or not any(h.strip() for h in header):
            raise RosterError(f"{path}: empty: the roster needs a header row with a column 'id'"
                              f" and one row per student")
        names = [h.strip().lower() for h in header]
        column = next((names.index(c) for c in ID_COLUMNS if c in names), None)
        if column is None:
            raise RosterError(f"{path}: no column 'id' in the header row ({', '.join(header)[:80]})")
        ids, seen = [], {}
        for row in rows:
            n = rows.line_num
            if not any(cell.strip() for cell in row):
                continue  # a blank line
            if len(ids) == MAX_STUDENTS:
                raise RosterError(f"{path}: more than {MAX_STUDENTS} students: split the course into"
                                  f" batches of at most {MAX_STUDENTS} (one roster per section)")
            sid = row[column].strip() if column < len(row) else ""
            if not sid:
                raise RosterError(f"{path}, line {n}: blank id")
            if not ID_PATTERN.fullmatch(sid):
                raise RosterError(f"{path}, line {n}: id {sid[:70]!r} is not allowed: 1 to 64 letters,"
                                  f" digits and . _ - @ + (it names the student's folder)")
            if sid.casefold() in seen:
                raise RosterError(f"{path}, line {n}: id {sid!r} again (first on line {seen[sid.casefold()]})")
            seen[sid.casefold()] = n
            ids.append(sid)
    except csv.Error as e:
        raise RosterError(f"{path}, line {rows.line_num}: not CSV: {e}") from None
    if not ids:
        raise RosterError(f"{path}: no students: the roster has a header row and no rows under it")
    return ids


def course_secret(secret_file: str | None = None, environ=os.environ) -> str:
    """The course's secret: the file ``secret_file`` (its first line), else ``COURSE_SECRET``."""
    if secret_file:
        p = Path(secret_file)
        try:
            secret = p.read_text(encoding="utf-8").split("\n", 1)[0].strip()
        except (OSError, UnicodeDecodeError) as e:
            raise RosterError(f"cannot read the secret file {p}: {getattr(e, 'strerror', None) or e}")
        where = f"the secret file {p}"
    else:
        secret = environ.get("COURSE_SECRET", "").strip()
        where = "COURSE_SECRET"
        if not secret:
            raise RosterError("no course secret: set COURSE_SECRET=... or SECRET_FILE=path (every"
                              " student's numbers are drawn from it: keep it private, keep it the same)")
    if len(secret) < MIN_SECRET:
        raise RosterError(f"{where}: the secret is {len(secret)} characters, at least {MIN_SECRET}"
                          f" are needed (a short one lets students guess each other's numbers)")
    return secret


def course_name(roster: Path, course: str | None = None) -> str:
    """The course's folder name: ``course`` or the roster's file name without its extension."""
    name = course if course is not None else Path(roster).stem
    if not ID_PATTERN.fullmatch(name or ""):
        raise RosterError(f"course name {name!r} is not allowed: 1 to 64 letters, digits and"
                          f" . _ - @ + (give --course NAME)")
    return name
