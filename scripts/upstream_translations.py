"""Build the Danish catalog of Wagtail's own strings: ``locale_upstream/da/LC_MESSAGES/``.

Wagtail, wagtail-modeladmin and wagtail-localize translate on Transifex, and their Danish
catalogs cover about a fifth of the admin. This script collects every msgid of their
catalogs (their ``en`` .po files hold all msgids), keeps their existing Danish translations,
fills in ours from ``locale_upstream/da_additions.po`` (one file for both domains, kept by
hand) and writes ``django.po`` and ``djangojs.po`` with every msgid (untranslated ones with
an empty msgstr), compiled to ``.mo`` with GNU msgfmt. Run it again after upgrading Wagtail::

    .venv/bin/python scripts/upstream_translations.py            # write and compile
    .venv/bin/python scripts/upstream_translations.py --missing  # untranslated msgids, as .po

``config.settings.base.LOCALE_PATHS`` lists ``locale_upstream`` after ``locale``: Django takes
the first translation it finds in LOCALE_PATHS, and LOCALE_PATHS come before the apps' own
catalogs, so these complete Wagtail's. README "Languages" says how to offer them upstream.
"""

import argparse
import importlib.util
import subprocess
import sys
from pathlib import Path

import polib

BASE_DIR = Path(__file__).resolve().parent.parent
OUT_DIR = BASE_DIR / "locale_upstream"
ADDITIONS = OUT_DIR / "da_additions.po"
PACKAGES = ("wagtail", "wagtail_modeladmin", "wagtail_localize")
DOMAINS = ("django", "djangojs")
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"


def package_dir(name):
    return Path(importlib.util.find_spec(name).origin).parent


def catalogs(domain):
    """(package, app path, English .po, Danish .po or None) of every catalog of a domain."""
    found = []
    for package in PACKAGES:
        root = package_dir(package)
        for english in sorted(root.glob(f"**/locale/en/LC_MESSAGES/{domain}.po")):
            danish = english.parents[2] / "da" / "LC_MESSAGES" / f"{domain}.po"
            app = english.parents[3].relative_to(root.parent).as_posix().replace("/", ".")
            found.append((package, app, english, danish if danish.exists() else None))
    return found


def key(entry):
    return (entry.msgctxt or "", entry.msgid)


def translated(entry):
    if entry.obsolete or "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def additions():
    if not ADDITIONS.exists():
        return {}
    return {key(e): e for e in polib.pofile(str(ADDITIONS)) if translated(e)}


def build(domain, ours):
    """The merged catalog of a domain and its counts per package {total, wagtail, after}
    (a msgid in several packages counts in each)."""
    entries, upstream = {}, {}
    for _package, app, english, danish in catalogs(domain):
        for entry in polib.pofile(str(english)):
            if entry.obsolete:
                continue
            merged = entries.setdefault(
                key(entry),
                polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid, occurrences=[]),
            )
            merged.msgid_plural = merged.msgid_plural or entry.msgid_plural
            if app not in merged.comment.split():
                merged.comment = " ".join([*merged.comment.split(), app])
            flags = [f for f in entry.flags if f.endswith("-format")]
            merged.flags = sorted(set(merged.flags) | set(flags))
        if danish:
            for entry in polib.pofile(str(danish)):
                if translated(entry) and key(entry) not in upstream:
                    upstream[key(entry)] = entry
    counts = {}
    for k, merged in entries.items():
        for package in {app.split(".")[0] for app in merged.comment.split()}:
            each = counts.setdefault(package, {"total": 0, "wagtail": 0, "after": 0})
            each["total"] += 1
            each["wagtail"] += k in upstream
            each["after"] += k in upstream or k in ours
        source = ours.get(k) or upstream.get(k)
        if source is None:
            if merged.msgid_plural:
                merged.msgstr_plural = {0: "", 1: ""}
            continue
        if merged.msgid_plural:
            plural = source.msgstr_plural or {0: source.msgstr, 1: source.msgstr}
            merged.msgstr_plural = {0: plural.get(0, ""), 1: plural.get(1, plural.get(0, ""))}
        else:
            merged.msgstr = source.msgstr or source.msgstr_plural.get(0, "")
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "Socialkompas: Danish for Wagtail, wagtail-modeladmin, "
        "wagtail-localize",
        "Language": "da",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS,
    }
    for k in sorted(entries):
        po.append(entries[k])
    return po, counts


def write(domain, po):
    target = OUT_DIR / "da" / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    po_path = target / f"{domain}.po"
    po.save(str(po_path))
    subprocess.run(
        ["msgfmt", "--check-format", "-o", str(target / f"{domain}.mo"), str(po_path)],
        check=True,
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--missing", action="store_true", help="print the untranslated msgids")
    args = parser.parse_args(argv)
    ours = additions()
    missing = polib.POFile(wrapwidth=0)
    for domain in DOMAINS:
        po, counts = build(domain, ours)
        if args.missing:
            for entry in po:
                if not translated(entry):
                    entry.comment = f"{domain}: {entry.comment}"
                    missing.append(entry)
            continue
        write(domain, po)
        after = sum(translated(entry) for entry in po)
        print(f"{domain}: {len(po)} msgids, {after} translated")
        for package, each in sorted(counts.items()):
            print(
                f"  {package}: {each['total']} msgids, Wagtail's Danish {each['wagtail']}, "
                f"now {each['after']}"
            )
    if args.missing:
        sys.stdout.write(str(missing))


if __name__ == "__main__":
    main()
