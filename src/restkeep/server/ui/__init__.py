"""The web interface at `/ui/`: server-rendered pages (Jinja2, htmx for the few live parts), every
one a URL to share, working without JavaScript; shipped in the package, no CDN."""
