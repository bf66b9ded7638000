"""bot serve: the applicant's web form and the clerk's dashboard (FastAPI + Jinja2)."""
