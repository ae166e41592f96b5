"""gunicorn's logger for Socialkompas (``logger_class`` in ``config/gunicorn.conf.py``).

Whatever the access log format, a logged request has no query string (what people search
for), no private link's token (``home.redaction``) and no Referer (it can carry both); the
error log ("Error handling request /path?...", tracebacks) is redacted the same way.
"""

from gunicorn.glogging import Logger

from home.redaction import RedactingFilter, redact

#: Atoms that may hold a query string, a token or a referring address: with the query
#: string and the Referer left out, and every path redacted.
_EMPTIED = ("q", "f", "{referer}i", "{query_string}e", "{http_referer}e")


class RedactingLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, RedactingFilter) for f in log.filters):
                log.addFilter(RedactingFilter())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in _EMPTIED:
            if key in atoms:
                atoms[key] = "-"
        atoms["r"] = " ".join(
            (
                environ.get("REQUEST_METHOD", "-"),
                redact(environ.get("PATH_INFO") or "-"),
                environ.get("SERVER_PROTOCOL", "-"),
            )
        )
        for key, value in atoms.items():
            if isinstance(value, str):
                atoms[key] = redact(value)
        return atoms
