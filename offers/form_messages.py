"""What the public offer form says when a field is missing: each message says what to do,
about its own field (``offers.submission_forms``)."""

from django.utils.translation import gettext_lazy as _

#: What to do when a part of the meeting place is missing, for an offer with physical presence.
PLACE_MISSING = {
    "address": _("Skriv adressen, hvor man mødes, når tilbuddet foregår ved fysisk fremmøde."),
    "postcode": _("Skriv postnummeret (4 cifre), når tilbuddet foregår ved fysisk fremmøde."),
    "city": _("Skriv byen, når tilbuddet foregår ved fysisk fremmøde."),
}

#: An unticked condition: an instruction to tick it, saying what is confirmed.
CONDITION_MISSING = {
    "eligibility_organisation": _(
        "Sæt kryds for at bekræfte, at I er en almennyttig forening eller organisation, "
        "en offentlig institution eller et godkendt trossamfund."
    ),
    "eligibility_not_political": _(
        "Sæt kryds for at bekræfte, at I ikke er et politisk parti, og at tilbuddet ikke "
        "er partipolitisk."
    ),
    "eligibility_free": _(
        "Sæt kryds for at bekræfte, at tilbuddet er gratis, eller at deltagerne kun "
        "betaler, hvad det koster."
    ),
    "eligibility_denmark": _("Sæt kryds for at bekræfte, at I har base i Danmark."),
    "privacy_consent": _(
        "Sæt kryds for at bekræfte, at du har læst privatlivspolitikken, og at vi må "
        "gemme dit navn og din e-mail. Ellers kan vi ikke tage imod tilbuddet."
    ),
}

#: What is missing from a recurring time that has something in it (``offers.submission_schedules``);
#: the model's own rules (``OfferSchedule.clean``) say what is wrong with the rest.
SCHEDULE_MISSING = {
    "weekdays": _("Vælg mindst én ugedag."),
    "start_time": _("Skriv, hvornår det begynder, fx 17:00."),
    "end_time": _("Skriv, hvornår det slutter, fx 19:00."),
}
