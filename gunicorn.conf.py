"""gunicorn's settings for soplan's web process (Dockerfile, docker-compose.yml and .ci/run
start gunicorn with ``--config gunicorn.conf.py``).

gunicorn names itself in a ``Server: gunicorn`` header on every response, and there is no
setting for it: it reads the module attribute ``gunicorn.SERVER``. A banner tells an attacker
which server (and, in older versions, which release) to look up; we answer with the
application's name instead.
"""

import gunicorn
import gunicorn.http.wsgi

SERVER_NAME = "soplan"

gunicorn.SERVER = SERVER_NAME
gunicorn.http.wsgi.SERVER = SERVER_NAME  # imported by name there, so set in both places
