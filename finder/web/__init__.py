"""The web app: routes, pages, JSON API, security, languages and templates."""
