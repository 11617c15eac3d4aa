"""On-screen words in the lecture's language: gettext catalogs, read with Babel.

Every sentence or phrase a scene writes on screen goes through ``_("...")`` (or ``ngettext`` for
a count, ``N_`` to mark a phrase translated later); notation (``w0[i,j,c]``, ``o(x,y,d)``,
numbers) is not translated. The English text is the message id; each other language has a
gettext catalog, ``scenes/locale/<language>/LC_MESSAGES/lecture.po``, made and updated with
Babel, the Python norm (``make catalog``: ``pybabel extract`` into ``scenes/locale/lecture.pot``,
then ``pybabel update``), and read here with Babel (no compiled ``.mo`` to keep in step).

A message with placeholders is formatted after it is translated: ``_("{n} weights").format(n=9)``;
a translation must keep the same placeholders (``catalog_problems`` checks, before anything renders).
"""
from __future__ import annotations

import gettext
import io
import re
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "lecture"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?:[:!][^}]*)?\}")

_state = {"lang": "en", "translations": gettext.NullTranslations()}
_LOADED: dict[str, gettext.NullTranslations] = {}


class CatalogError(Exception):
    """A catalog that cannot be used: one line naming the file and what is wrong."""


def catalog_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_catalog(lang: str):
    """The Babel catalog of ``lang`` (``CatalogError`` if it is not a readable .po file)."""
    path = catalog_path(lang)
    try:
        with open(path, "rb") as f:
            return read_po(f, locale=lang, domain=DOMAIN, abort_invalid=True)
    except FileNotFoundError:
        raise CatalogError(f"{_shown(path)}: missing (the on-screen words of {lang!r}: make catalog"
                           f" LECTURE_LANG={lang} starts one)") from None
    except (PoFileError, UnicodeDecodeError, ValueError) as e:
        raise CatalogError(f"{_shown(path)}: not a gettext catalog ({' '.join(str(e).split())[:120]})") from None


def translations(lang: str) -> gettext.NullTranslations:
    """``lang``'s translations (English: the message ids themselves)."""
    if lang == "en":
        return gettext.NullTranslations()
    if lang not in _LOADED:
        buf = io.BytesIO()
        write_mo(buf, read_catalog(lang))
        buf.seek(0)
        _LOADED[lang] = gettext.GNUTranslations(buf)
    return _LOADED[lang]


def use(lang: str) -> None:
    """Write on-screen words in ``lang`` from now on."""
    _state["lang"], _state["translations"] = lang, translations(lang)


def current() -> str:
    return _state["lang"]


def _(message: str) -> str:
    """``message`` in the lecture's language."""
    return _state["translations"].gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for the count ``n``, in the lecture's language."""
    return _state["translations"].ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for translation where it is defined (a constant); ``_()`` it where used."""
    return message


def catalog_problems(lang: str) -> list[str]:
    """Every way ``lang``'s catalog cannot be used, one line each: unreadable, a message of the
    template without a translation, a translation whose placeholders differ from its message's."""
    if lang == "en":
        return []
    try:
        catalog = read_catalog(lang)
    except CatalogError as e:
        return [str(e)]
    shown = _shown(catalog_path(lang))
    out = []
    template = read_po(open(TEMPLATE, "rb")) if TEMPLATE.exists() else None
    wanted = [m for m in template if m.id] if template is not None else []
    for m in wanted:
        ours = catalog.get(m.id)
        strings = [] if ours is None else ([ours.string] if isinstance(ours.string, str) else list(ours.string))
        if ours is None or not all(strings) or ours.fuzzy:
            first = m.id if isinstance(m.id, str) else m.id[0]
            out.append(f"{shown}: {first!r} has no translation{' (fuzzy)' if ours is not None and ours.fuzzy else ''}")
    for m in catalog:
        if not m.id or not m.string:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        want = set().union(*[set(_PLACEHOLDER.findall(i)) for i in ids])
        plural = len(ids) > 1   # a form may leave out the count ("once"), as English's singular may
        for s in strings:
            got = set(_PLACEHOLDER.findall(s))
            if s and (got - want or (not plural and got != want)):
                out.append(f"{shown}, line {m.lineno}: {ids[0]!r}: the translation has the placeholders"
                           f" {sorted(got) or 'none'}, the message {sorted(want) or 'none'}")
    return out
