"""The site: pages for people, every IRI under the base dereferenced, and the SPARQL endpoint
behind it, all on one port.

Reading order: urls.py (IRI ⇄ path), published.py (the store a build last published),
endpoint.py (the oxigraph server behind /query, its limits and the store switch), linked.py
(RDF for tools), views.py (one context per page), svg.py (pictures), search.py, app.py (routes).
"""
