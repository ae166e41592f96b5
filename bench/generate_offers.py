#!/usr/bin/env python
"""Generate a realistic offer file in the shared import format (offer-format.md).

    python bench/generate_offers.py --per-municipality 510 > /tmp/offers-50k.csv

98 Danish municipalities (all of them) x N offers, plus a few national ones, with Danish text
assembled from the shared vocabulary: titles, summaries and descriptions vary by life
situation, kind, target group and town, so search and facets behave as on real data.
Deterministic (``--seed``), no database needed.
"""

import argparse
import csv
import random
import sys

COLUMNS = (
    "id,municipality,title,summary,description,organisation,organisation_type,life_situations,"
    "target_groups,offer_kinds,age_min,age_max,formats,address,postcode,city,latitude,longitude,"
    "phone,email,website,schedule,price,price_note,registration_required,anonymous,languages,"
    "accessible"
).split(",")

#: Every municipality of Denmark with the postcode of its main town.
MUNICIPALITIES = {
    "Albertslund": "2620",
    "Allerød": "3450",
    "Assens": "5610",
    "Ballerup": "2750",
    "Billund": "7190",
    "Bornholm": "3700",
    "Brøndby": "2605",
    "Brønderslev": "9700",
    "Dragør": "2791",
    "Egedal": "3660",
    "Esbjerg": "6700",
    "Fanø": "6720",
    "Favrskov": "8450",
    "Faxe": "4640",
    "Fredensborg": "3480",
    "Fredericia": "7000",
    "Frederiksberg": "2000",
    "Frederikshavn": "9900",
    "Frederikssund": "3600",
    "Furesø": "3520",
    "Faaborg-Midtfyn": "5600",
    "Gentofte": "2820",
    "Gladsaxe": "2860",
    "Glostrup": "2600",
    "Greve": "2670",
    "Gribskov": "3200",
    "Guldborgsund": "4800",
    "Haderslev": "6100",
    "Halsnæs": "3300",
    "Hedensted": "8722",
    "Helsingør": "3000",
    "Herlev": "2730",
    "Herning": "7400",
    "Hillerød": "3400",
    "Hjørring": "9800",
    "Holbæk": "4300",
    "Holstebro": "7500",
    "Horsens": "8700",
    "Hvidovre": "2650",
    "Høje-Taastrup": "2630",
    "Hørsholm": "2970",
    "Ikast-Brande": "7430",
    "Ishøj": "2635",
    "Jammerbugt": "9440",
    "Kalundborg": "4400",
    "Kerteminde": "5300",
    "Kolding": "6000",
    "København": "1050",
    "Køge": "4600",
    "Langeland": "5900",
    "Lejre": "4330",
    "Lemvig": "7620",
    "Lolland": "4900",
    "Lyngby-Taarbæk": "2800",
    "Læsø": "9940",
    "Mariagerfjord": "9500",
    "Middelfart": "5500",
    "Morsø": "7900",
    "Norddjurs": "8500",
    "Nordfyn": "5400",
    "Nyborg": "5800",
    "Næstved": "4700",
    "Odder": "8300",
    "Odense": "5000",
    "Odsherred": "4500",
    "Randers": "8900",
    "Rebild": "9520",
    "Ringkøbing-Skjern": "6950",
    "Ringsted": "4100",
    "Roskilde": "4000",
    "Rudersdal": "2840",
    "Rødovre": "2610",
    "Samsø": "8305",
    "Silkeborg": "8600",
    "Skanderborg": "8660",
    "Skive": "7800",
    "Slagelse": "4200",
    "Solrød": "2680",
    "Sorø": "4180",
    "Stevns": "4660",
    "Struer": "7600",
    "Svendborg": "5700",
    "Syddjurs": "8400",
    "Sønderborg": "6400",
    "Thisted": "7700",
    "Tønder": "6270",
    "Tårnby": "2770",
    "Vallensbæk": "2625",
    "Varde": "6800",
    "Vejen": "6600",
    "Vejle": "7100",
    "Vesthimmerland": "9600",
    "Viborg": "8800",
    "Vordingborg": "4760",
    "Ærø": "5970",
    "Aabenraa": "6200",
    "Aalborg": "9000",
    "Aarhus": "8000",
}

#: life situation slug -> (what it is about, words people use, typical kinds)
SITUATIONS = {
    "angst": (
        "angst og uro",
        ["angst", "panikanfald", "bekymringer", "nervøsitet"],
        ["selvhjaelpsgruppe", "raadgivning", "kursus"],
    ),
    "depression": (
        "tristhed og depression",
        ["depression", "tristhed", "tungsind", "mørke tanker"],
        ["selvhjaelpsgruppe", "raadgivning"],
    ),
    "ensomhed": (
        "ensomhed",
        ["ensomhed", "alene", "fællesskab", "nye venner"],
        ["besoegsven", "faellesskab", "vaerested"],
    ),
    "sorg": (
        "sorg og tab",
        ["sorg", "savn", "dødsfald", "mistet"],
        ["selvhjaelpsgruppe", "raadgivning"],
    ),
    "stress": (
        "stress",
        ["stress", "udbrændthed", "sygemelding", "søvnproblemer"],
        ["kursus", "raadgivning"],
    ),
    "spiseforstyrrelser": (
        "spiseforstyrrelser",
        ["spiseforstyrrelse", "anoreksi", "bulimi", "overspisning"],
        ["raadgivning", "selvhjaelpsgruppe"],
    ),
    "selvskade": (
        "selvskade og selvmordstanker",
        ["selvskade", "selvmordstanker", "cutting", "krise"],
        ["telefon-chat", "raadgivning"],
    ),
    "misbrug": (
        "alkohol, stoffer og spil",
        ["alkohol", "hash", "ludomani", "afhængighed"],
        ["raadgivning", "selvhjaelpsgruppe"],
    ),
    "vold": (
        "vold og overgreb",
        ["vold", "overgreb", "krisecenter", "trusler"],
        ["raadgivning", "telefon-chat"],
    ),
    "familie": (
        "skilsmisse og familieliv",
        ["skilsmisse", "forældre", "samvær", "konflikter"],
        ["raadgivning", "kursus"],
    ),
    "oekonomi": (
        "økonomi og gæld",
        ["gæld", "budget", "regninger", "inkasso"],
        ["raadgivning", "praktisk-hjaelp"],
    ),
    "bolig": (
        "bolig og hjemløshed",
        ["bolig", "husleje", "udsættelse", "herberg"],
        ["praktisk-hjaelp", "raadgivning"],
    ),
    "arbejde": (
        "arbejde og uddannelse",
        ["job", "uddannelse", "ansøgning", "ledighed"],
        ["mentor", "kursus"],
    ),
    "sygdom": (
        "fysisk sygdom",
        ["kræft", "hjertesygdom", "kronisk sygdom", "genoptræning"],
        ["selvhjaelpsgruppe", "raadgivning"],
    ),
    "psykisk-sygdom": (
        "psykisk sygdom",
        ["skizofreni", "bipolar", "psykiatri", "pårørende"],
        ["vaerested", "selvhjaelpsgruppe"],
    ),
    "handicap": (
        "handicap og diagnoser",
        ["ADHD", "autisme", "handicap", "diagnose"],
        ["faellesskab", "raadgivning"],
    ),
    "demens": (
        "demens og hukommelse",
        ["demens", "hukommelse", "Alzheimers", "glemsomhed"],
        ["selvhjaelpsgruppe", "besoegsven"],
    ),
    "integration": (
        "livet som ny i Danmark",
        ["dansk", "lektiehjælp", "flygtning", "breve fra kommunen"],
        ["praktisk-hjaelp", "mentor"],
    ),
    "mobning": (
        "mobning",
        ["mobning", "skole", "udstødelse", "venskaber"],
        ["raadgivning", "faellesskab"],
    ),
    "lgbt": (
        "køn, krop og seksualitet",
        ["LGBT+", "trans", "seksualitet", "kønsidentitet"],
        ["faellesskab", "raadgivning"],
    ),
    "graviditet": (
        "graviditet og småbørn",
        ["graviditet", "fødsel", "barsel", "spædbørn"],
        ["selvhjaelpsgruppe", "kursus"],
    ),
    "faellesskab": (
        "fællesskab og fritid",
        ["fællesspisning", "gåtur", "strikkeklub", "madlavning"],
        ["faellesskab", "vaerested"],
    ),
}
KIND_WORDS = {
    "raadgivning": "Rådgivning",
    "faellesskab": "Fællesskab",
    "selvhjaelpsgruppe": "Samtalegruppe",
    "telefon-chat": "Telefonlinje",
    "kursus": "Kursus",
    "praktisk-hjaelp": "Hjælp",
    "besoegsven": "Besøgsven",
    "vaerested": "Værested",
    "mentor": "Mentorordning",
}
GROUPS = {
    "boern": ("børn", 6, 12),
    "unge": ("unge", 13, 17),
    "unge-voksne": ("unge voksne", 18, 29),
    "voksne": ("voksne", 30, 64),
    "aeldre": ("ældre", 65, None),
    "foraeldre": ("forældre", None, None),
    "paaroerende": ("pårørende", None, None),
    "familier": ("familier", None, None),
    "maend": ("mænd", 18, None),
    "kvinder": ("kvinder", 18, None),
}
ORGS = [
    "Frivilligcenter",
    "Ældre Sagen",
    "Røde Kors",
    "Kirkens Korshær",
    "Dansk Folkehjælp",
    "Foreningen Åben Dør",
    "Borgerrådgivningen",
    "Sundhedscenter",
    "Ungdomsskolen",
    "Foreningen Fællesskab",
    "Netværkshuset",
    "Mødrehjælpen",
    "Sorgforeningen",
    "Bydelsmødrene",
    "Headspace",
    "SIND",
    "Bedre Psykiatri",
    "Landsforeningen LEV",
]
PROVIDER = {
    "Sundhedscenter": "kommune",
    "Borgerrådgivningen": "kommune",
    "Ungdomsskolen": "kommune",
}
STREETS = [
    "Skolegade",
    "Jernbanegade",
    "Vestergade",
    "Østergade",
    "Kirkevej",
    "Havnegade",
    "Parkvej",
]
DAYS = ["mandage", "tirsdage", "onsdage", "torsdage", "fredage", "lørdage"]


def slug(text):
    table = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", " ": "-"})
    return "".join(c for c in text.lower().translate(table) if c.isalnum() or c == "-")


def offer_row(rng, offer_id, municipality, town, place):
    situation, (about, words, kinds) = rng.choice(list(SITUATIONS.items()))
    extra = rng.sample([s for s in SITUATIONS if s != situation], k=rng.choice([0, 1, 1, 2]))
    kind = rng.choice(kinds)
    group_slugs = rng.sample(list(GROUPS), k=rng.choice([1, 2, 2, 3]))
    group_name, age_min, age_max = GROUPS[group_slugs[0]]
    org = rng.choice(ORGS)
    word = rng.choice(words)
    title = f"{KIND_WORDS[kind]} om {word} for {group_name} i {town}"
    summary = (
        f"{KIND_WORDS[kind]} for {group_name}, der har det svært med {about}. "
        f"Vi mødes i trygge rammer, og du bestemmer selv, hvor meget du vil fortælle."
    )
    description = "\n\n".join(
        [
            f"Mange {group_name} oplever {about} i perioder af livet. Her kan du møde andre "
            f"i samme situation og få støtte fra frivillige, der kender til {rng.choice(words)}.",
            f"Vi taler om {', '.join(rng.sample(words, k=2))} og om, hvad der hjælper i "
            f"hverdagen. Du kan komme, som du er, og du behøver ikke at sige noget første gang.",
            f"Tilbuddet drives af {org} {town} i samarbejde med {municipality} Kommune.",
        ]
    )
    formats = rng.choice([["fysisk"], ["fysisk"], ["fysisk", "online"], ["telefon"], ["online"]])
    lat = place[0] + rng.uniform(-0.08, 0.08) if "fysisk" in formats else None
    lon = place[1] + rng.uniform(-0.12, 0.12) if "fysisk" in formats else None
    start = rng.randint(9, 17)
    schedule = f"{rng.choice(DAYS).capitalize()} kl. {start}-{start + 2}"
    if "fysisk" not in formats:
        schedule = "Hverdage kl. 9-21"
    return {
        "id": offer_id,
        "municipality": municipality,
        "title": title,
        "summary": summary,
        "description": description,
        "organisation": f"{org} {town}",
        "organisation_type": PROVIDER.get(org, "forening"),
        "life_situations": "|".join([situation, *extra]),
        "target_groups": "|".join(group_slugs),
        "offer_kinds": kind,
        "age_min": age_min if age_min is not None else "",
        "age_max": age_max if age_max is not None else "",
        "formats": "|".join(formats),
        "address": f"{rng.choice(STREETS)} {rng.randint(1, 120)}" if lat else "",
        "postcode": place[2] if lat else "",
        "city": town if lat else "",
        "latitude": f"{lat:.5f}" if lat else "",
        "longitude": f"{lon:.5f}" if lon else "",
        "phone": " ".join(str(rng.randint(10, 99)) for _ in range(4)),
        "email": f"kontakt@{slug(org)}-{slug(town)}.example.dk",
        "website": f"https://{slug(org)}-{slug(town)}.example.dk/",
        "schedule": schedule,
        "price": rng.choice(["gratis"] * 9 + ["egenbetaling"]),
        "price_note": "",
        "registration_required": rng.choice(["ja", "nej"]),
        "anonymous": rng.choice(["ja", "nej"]),
        "languages": rng.choice(["da", "da", "da|en", "da|ar", "da|uk"]),
        "accessible": rng.choice(["ja", "nej", "ukendt"]),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-municipality", type=int, default=510)
    parser.add_argument("--municipalities", type=int, default=len(MUNICIPALITIES))
    parser.add_argument("--national", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)

    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
    from search.geo import postcodes

    places = postcodes()
    rng = random.Random(args.seed)
    writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for name, code in list(MUNICIPALITIES.items())[: args.municipalities]:
        place = places[code]
        town = place.name.split(" ", 1)[1]
        for n in range(1, args.per_municipality + 1):
            row = offer_row(
                rng, f"{slug(name)}-{n:04d}", name, town, (place.latitude, place.longitude, code)
            )
            writer.writerow(row)
    for n in range(1, args.national + 1):
        row = offer_row(rng, f"national-gen-{n:03d}", "national", "hele landet", (56.0, 10.0, ""))
        row.update(
            formats="telefon|online", address="", postcode="", city="", latitude="", longitude=""
        )
        writer.writerow(row)


if __name__ == "__main__":
    main()
