"""gunicorn's settings for Socialkompas: ``gunicorn -c config/gunicorn.conf.py config.wsgi ...``
(the README's Deployment section has the whole command; the tuning stays on the command line).

The access log (``--access-logfile -``) has one line per request: client, time, method, path,
protocol, status, bytes, duration and user agent, but no query string, no private link's token
and no Referer (``config/gunicorn_logging.py``, which also redacts the error log).
"""

logger_class = "config.gunicorn_logging.RedactingLogger"
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'
