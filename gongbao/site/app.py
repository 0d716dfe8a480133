"""The site's routes, in one list: pages for people, every IRI under /id/ in the format asked
for, the VoID description and the dump, and the SPARQL endpoint at /query behind its limits."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import paths
from ..errors import StoreError
from ..mapping.iris import default_base
from ..mapping.vocab import PREFIXES
from ..store import dump_files
from . import linked, search as searching, svg
from .endpoint import Endpoint, Limits, QueryRefused
from .published import Published
from .urls import Urls
from .views import KIND_LABEL, RELATION_LABEL, ROLE_LABEL, Views, anchor, local, types_of, warm
from .void import void_triples

PAGE_FOR_TYPE = [("PolicyDocument", "document"), ("Task", "task"), ("OutlineNode", "task"), ("Agency", "agency"),
                 ("Official", "leader"), ("Region", "mentions"), ("Programme", "mentions"), ("GazetteIssue", "issue")]

PAGED = {"agency", "leader", "mentions"}


class Site:
    def __init__(self, graph_dir: Path | None = None, base: str | None = None, limits: Limits = Limits()):
        self.published = Published(graph_dir or paths.GRAPH, warm)
        self.urls = Urls(base or default_base())
        self.views = Views(self.urls)
        self.endpoint = Endpoint(self.published, limits)
        self.templates = Environment(loader=PackageLoader("gongbao.site", "templates"),
                                     autoescape=select_autoescape(["html"]))
        self.templates.globals.update(href=self.urls.href, local=local, anchor=anchor, role_label=ROLE_LABEL,
                                      relation_label=RELATION_LABEL, kind_label=KIND_LABEL)
        self.templates.filters["network_svg"] = lambda net: svg.network(net, self.urls.href)
        self.templates.filters["bars_svg"] = svg.bars
        self.examples = _examples()

    def app(self) -> Starlette:
        routes = [
            Route("/", self.home),
            Route("/search", self.search),
            Route("/targets", self.targets),
            Route("/places", self.named),
            Route("/programmes", self.named),
            Route("/sparql", self.sparql),
            Route("/query", self.query, methods=["GET", "POST"]),
            Route("/id/{path:path}", self.resource),
            Route("/.well-known/void", self.void),
            Route("/dump/gongbao.nq", self.dump),
            Mount("/static", StaticFiles(packages=[("gongbao.site", "static")]), name="static"),
        ]
        return Starlette(routes=routes, lifespan=self._lifespan,
                         exception_handlers={StoreError: self._no_store, 404: self._not_found})

    @contextlib.asynccontextmanager
    async def _lifespan(self, app):
        with contextlib.suppress(StoreError):
            self.published.current()  # opens the store and makes its tables before the first page
        yield
        await self.endpoint.close()

    # pages
    def render(self, template: str, status: int = 200, **context) -> HTMLResponse:
        started = time.perf_counter()
        html = self.templates.get_template(template).render(**context)
        return HTMLResponse(html, status_code=status,
                            headers={"Server-Timing": f"render;dur={(time.perf_counter() - started) * 1000:.1f}"})

    async def page(self, template: str, make, *args, **extra) -> HTMLResponse:
        gen = self.published.current()
        context = await run_in_threadpool(make, gen, *args)
        return self.render(template, **context, **extra)

    async def home(self, request: Request):
        return await self.page("home.html", self.views.home, _int(request.query_params.get("page"), 1))

    async def search(self, request: Request):
        q = request.query_params.get("q", "")
        page = _int(request.query_params.get("page"), 1)
        return await self.page("search.html", searching.search, q, page)

    async def targets(self, request: Request):
        p = request.query_params
        return await self.page("targets.html", self.views.targets, p.get("indicator", ""), p.get("year", ""),
                               p.get("scope", ""), p.get("document", ""), _int(p.get("page"), 1))

    async def named(self, request: Request):
        kind = request.url.path.strip("/")
        return await self.page("named.html", self.views.named, kind)

    async def sparql(self, request: Request):
        text = request.query_params.get("query")
        result, error = None, None
        if text:
            try:
                answer = await self.endpoint.query("GET", [("query", text)], b"",
                                                   {"accept": "application/sparql-results+json"})
                if answer.status_code == 200 and answer.headers.get("content-type", "").startswith(
                        "application/sparql-results+json"):
                    result = answer.json()
                else:
                    error = answer.text
            except QueryRefused as refused:
                error = refused.message
        prefixes = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
        return self.render("sparql.html", examples=self.examples, query=text or prefixes + "\nSELECT * WHERE {\n  ?s ?p ?o\n} LIMIT 10",
                           result=result, error=error)

    async def resource(self, request: Request):
        path, suffix = linked.split_suffix(request.path_params["path"])
        iri = self.urls.iri(path)  # the path arrives decoded; iri() encodes it as the mapping did
        gen = self.published.current()
        chosen = suffix or linked.negotiate(request.headers.get("accept"))
        if chosen != "html":
            triples = await run_in_threadpool(linked.describe, gen.store, iri)
            if not triples:
                return Response(f"{iri}: nothing in the graph has this IRI\n", status_code=404, media_type="text/plain")
            body = linked.serialize_triples(triples, chosen, self.urls.base)
            return Response(body, media_type=linked.media_type(chosen),
                            headers={"Vary": "Accept", "Link": f'<{iri}>; rel="canonical"'})
        kinds = types_of(gen, iri)
        view = next((page for kind, page in PAGE_FOR_TYPE if kind in kinds), None)
        if view is None:
            triples = await run_in_threadpool(linked.describe, gen.store, iri)
            if not triples:
                return self.render("error.html", status=404, message=f"{iri}：图谱中没有这个 IRI (not in the graph)")
            return self.render("resource.html", iri=iri, triples=triples, formats=linked.FORMATS,
                               path=self.urls.path(iri))
        make = getattr(self.views, view)
        if view in PAGED:
            context = await run_in_threadpool(make, gen, iri, _int(request.query_params.get("page"), 1))
        else:
            context = await run_in_threadpool(make, gen, iri)
        response = self.render(f"{view}.html", formats=linked.FORMATS, path=self.urls.path(iri), **context)
        response.headers["Vary"] = "Accept"
        return response

    async def void(self, request: Request):
        gen = self.published.current()
        root = f"{request.url.scheme}://{request.url.netloc}"
        triples = await run_in_threadpool(gen.computed, f"void {root}",
                                          lambda g: void_triples(g, root, self.urls.base))
        chosen = linked.negotiate(request.headers.get("accept"))
        chosen = "ttl" if chosen == "html" else chosen
        return Response(linked.serialize_triples(triples, chosen, self.urls.base), media_type=linked.media_type(chosen))

    async def dump(self, request: Request):
        files = dump_files(self.published.graph_dir)  # one generation's, whatever a build publishes meanwhile

        def chunks():
            for path in files:
                with open(path, "rb") as handle:
                    while chunk := handle.read(1 << 20):
                        yield chunk

        size = sum(path.stat().st_size for path in files)
        return StreamingResponse(iterate_in_threadpool(chunks()), media_type="application/n-quads",
                                 headers={"content-length": str(size),
                                          "content-disposition": 'attachment; filename="gongbao.nq"'})

    # the endpoint
    async def query(self, request: Request):
        limits = self.endpoint.limits
        if len(request.url.query.encode()) > limits.max_query_string:
            return _refusal(414, f"the query string is longer than {limits.max_query_string} bytes; POST the query")
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limits.max_body:
            return _refusal(413, f"the request body is larger than {limits.max_body} bytes")
        body = b""
        if request.method == "POST":
            async for chunk in request.stream():
                body += chunk
                if len(body) > limits.max_body:
                    return _refusal(413, f"the request body is larger than {limits.max_body} bytes")
        if request.method == "GET" and "query" not in request.query_params:
            return RedirectResponse("/sparql", status_code=303)
        try:
            answer = await self.endpoint.query(request.method, list(request.query_params.multi_items()), body,
                                               dict(request.headers))
        except QueryRefused as refused:
            return _refusal(refused.status, refused.message, refused.headers)
        headers = {k: v for k, v in answer.headers.items() if k.lower() in ("content-type", "vary")}
        return Response(answer.content, status_code=answer.status_code, headers=headers)

    async def _no_store(self, request: Request, error: StoreError):
        return self.render("error.html", status=503, message=str(error))

    async def _not_found(self, request: Request, error):
        return self.render("error.html", status=404, message=f"{request.url.path}：没有这个页面 (no such page)")


def _refusal(status: int, message: str, headers: dict | None = None) -> Response:
    return Response(message + "\n", status_code=status, media_type="text/plain", headers=headers)


def _int(text, default: int) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


def _examples() -> list[dict]:
    """The competency questions, ready to run: their first comment line names them."""
    examples = []
    for path in sorted(paths.QUERIES.glob("cq*.rq")):
        text = path.read_text(encoding="utf-8")
        title = text.splitlines()[0].lstrip("# ").strip()
        examples.append({"name": path.stem, "title": title, "query": text})
    return examples


def make_app(graph_dir: Path | None = None, base: str | None = None, limits: Limits = Limits()) -> Starlette:
    return Site(graph_dir, base, limits).app()
