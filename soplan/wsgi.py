import os

from django.core.wsgi import get_wsgi_application

from soplan.runtime import tune_gc

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "soplan.settings")
application = get_wsgi_application()
tune_gc()  # after the application is loaded, so that its objects are frozen
