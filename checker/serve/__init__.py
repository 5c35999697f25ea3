"""The service: the checker over local HTTP for the desk's tools (a CMS hook, the review page).

``service.py`` holds the one Checker and runs every piece of work on one worker thread; ``app.py`` is the HTTP
side (Starlette, served by uvicorn from ``checktrans serve``); ``requests.py`` reads what a request may carry;
``memo.py`` keeps encodings across requests; ``assets/`` is the review page, served as it is.
"""
from .app import create_app
from .service import DEFAULT_MAX_BYTES, Service, load_checker

__all__ = ["DEFAULT_MAX_BYTES", "Service", "create_app", "load_checker"]
