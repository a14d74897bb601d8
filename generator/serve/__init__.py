"""The local web app of `presswork serve`: the live preview of presswork.toml, and the office page.

Split by job: `watch` (which files changed), `live` (the campaign's previews, re-rendered as
files change), `office` (excerpt search and one material made to order), `campaign_file`
(appending a [[materials]] entry to presswork.toml), `importing` (an uploaded article into a
collection), `security` (the Host check and the CSRF token), `ui_text` (the page's words in
English and Chinese), `app` (the routes), `server` (uvicorn on a socket bound to loopback).
Every render goes through campaign/warm_pool.py's bounded workers.
"""
