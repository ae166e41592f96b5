# English on a Danish portal: day before month, no full stop (12 March 2026), not Django's
# American "March 12, 2026".
DATE_FORMAT = "j F Y"
