# Danish: 12. marts 2026 (as Django's own).
DATE_FORMAT = "j. F Y"
