"""The one adapter between patuh and opa-python-client.

opa-python-client 3.0 needs care: its exceptions can mislead (a PolicyNotFoundError
for an HTTP 500), `check_health` swallows every error, its default time-out is 1.5 s
and `bulk_query_rule` fails a whole batch when one input is undefined. So patuh takes
from it the connection settings (host, TLS, token) and a few reads (version, data),
posts each batch of documents to `patuh.main.results` itself on a session configured
like the client's (the body is joined from JSON already made, once per document),
and maps *every* failure, and every answer of the wrong shape, to EngineError.
Nothing here can turn an error into "no findings".
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import json
import sys
import threading
from typing import Any
from urllib.parse import urlsplit

import orjson
import requests

from engine.evaluating.completeness import server_rule_ids
from engine.evaluating.errors import EngineError
from engine.evaluating.opa.answers import batch_results
from engine.evaluating.provenance import is_patuh_module, policy_digest_of
from engine.findings import RawResult

RESULTS_PACKAGE = "patuh/main"
RESULTS_RULE = "results"


class OpaEngine:
    """An OPA server that serves the patuh policies, at `url`."""

    def __init__(
        self,
        url: str,
        *,
        token: str | None = None,
        timeout: float = 60.0,
        ca_cert: str | None = None,
        context: dict[str, Any] | None = None,
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise EngineError(f"the OPA URL {url!r} is not an http(s) URL")
        if parts.path not in ("", "/"):
            raise EngineError(f"the OPA URL {url!r} must not have a path (OPA serves /v1/)")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise EngineError(f"the OPA URL {url!r} has an invalid port") from exc
        self.url = url.rstrip("/")
        self.timeout = timeout
        # The rule ids the server's patuh policies implement: known once
        # policy_digest has listed them (engine/evaluating/completeness.py).
        self.rule_ids: set[str] = set()
        # What every query carries besides the documents: the packs to apply and
        # the run's date (policies/main.rego), as JSON members ending in a comma.
        self._context = "".join(
            f"{json.dumps(key)}:{json.dumps(value, sort_keys=True)},"
            for key, value in (context or {}).items()
        )
        # Imported here, when OPA is needed: a check answered from the result cache
        # does without it.
        self._client = _opa_client_class()(
            host=parts.hostname,
            port=port,
            ssl=parts.scheme == "https",
            token=token,
            retries=0,  # a retry would hide a crash; the caller decides
            timeout=timeout,
        )
        if ca_cert and parts.scheme == "https":
            self._client._session.verify = ca_cert
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._sessions_lock = threading.Lock()

    def close(self) -> None:
        self._client.close_connection()
        for session in self._sessions:
            session.close()

    def __enter__(self) -> OpaEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- evaluation -------------------------------------------------------------
    def evaluate_json(self, documents: list[str]) -> list[RawResult]:
        """Evaluate many documents in one query; one result per document, in order.
        Each document is given already serialised, as JSON text.

        The request body is joined from them as text: each document is serialised
        once per run (the same text gives its digest), not again by the client's
        `json=`. Safe to call from several threads at once (one session each), so
        that OPA evaluates batches on every core.
        """
        body = '{"input":{' + self._context + '"documents":[' + ",".join(documents) + "]}}"
        url = f"{self._client.root_url}/data/{RESULTS_PACKAGE}/{RESULTS_RULE}"

        def post() -> Any:
            response = self._session().post(
                url,
                data=body.encode("utf-8"),
                headers={"Content-Type": "application/json"},
                timeout=self.timeout,
            )
            response.raise_for_status()
            return orjson.loads(response.content)  # a ValueError when not JSON

        return batch_results(self._call("evaluate", post), len(documents))

    def _session(self) -> requests.Session:
        """This thread's HTTP session, configured like the client's own."""
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            shared = self._client._session
            session = requests.Session()
            session.headers.update(shared.headers)
            session.verify = shared.verify
            session.cert = shared.cert
            self._local.session = session
            with self._sessions_lock:
                self._sessions.append(session)
        return session

    # --- what the server is running ---------------------------------------------
    def version(self) -> str:
        answer = self._call(
            "version", lambda: self._client.ad_hoc_query("r := opa.runtime(); v := r.version")
        )
        try:
            return str(answer["result"][0]["v"])
        except (KeyError, IndexError, TypeError) as exc:
            raise EngineError("OPA did not say its version") from exc

    def policy_digest(self, packs: list[str]) -> str:
        """sha256 over the patuh policy texts and the parameters the server evaluates
        with (data.<pack>.params of each of `packs`, the pack folders patuh knows),
        computed as engine/evaluating/provenance.py computes it for a local folder."""

        # One GET /v1/policies carries every policy's text; the client has no call
        # for that (get_policies_info drops the text), so use its own session.
        def list_policies() -> Any:
            response = self._client._session.get(
                f"{self._client.root_url}/policies", timeout=self.timeout
            )
            response.raise_for_status()
            # Every policy's text and syntax tree, ~270 KB: orjson reads it ~5x faster.
            return orjson.loads(response.content)

        listing = self._call("list policies", list_policies)
        policies = listing.get("result") if isinstance(listing, dict) else None
        if not isinstance(policies, list):
            raise EngineError("OPA listed its policies in an unexpected shape")
        texts = []
        annotations: list[Any] = []
        for policy in policies:
            raw = policy.get("raw") if isinstance(policy, dict) else None
            if not isinstance(raw, str):
                raise EngineError("OPA did not return the text of one of its policies")
            if is_patuh_module(_package_path(policy)):
                texts.append(raw)
                ast = policy.get("ast")
                found = ast.get("annotations") if isinstance(ast, dict) else None
                annotations += found if isinstance(found, list) else []
        # The rules these policies implement, as OPA parsed them (completeness.py).
        self.rule_ids = server_rule_ids(annotations)

        def read_params(pack: str) -> Any:
            # OPA answers 200 without "result" for a pack without parameters.
            response = self._client._session.get(
                f"{self._client.root_url}/data/{pack}/params", timeout=self.timeout
            )
            response.raise_for_status()
            return response.json()

        params: dict[str, Any] = {}
        for pack in packs:
            answer = self._call("read data", lambda pack=pack: read_params(pack))
            if not isinstance(answer, dict):
                raise EngineError(
                    "OPA answered its parameters in an unexpected shape", code="engine.wrong_shape"
                )
            if answer.get("result") is not None:
                params[pack] = answer["result"]
        return policy_digest_of(texts, params)

    def _call(self, what: str, call: Any) -> Any:
        """Run one request within `timeout` seconds in total, mapping every failure.

        requests' own timeout bounds each socket operation, not the request: a server
        that trickles its answer a byte at a time would hold patuh forever. So the
        request runs in a worker thread and is abandoned at the deadline (a daemon
        thread: it cannot keep the process alive).
        """
        outcome: dict[str, Any] = {}

        def work() -> None:
            try:
                outcome["value"] = call()
            except BaseException as exc:
                outcome["error"] = exc

        worker = threading.Thread(target=work, name=f"opa-{what}", daemon=True)
        worker.start()
        worker.join(self.timeout)
        if worker.is_alive():
            raise EngineError(
                f"OPA at {self.url} did not answer within {self.timeout:g} s ({what})",
                code="engine.timeout",
                url=self.url,
                seconds=f"{self.timeout:g}",
            )
        try:
            if "error" in outcome:
                raise outcome["error"]
            return outcome["value"]
        except requests.Timeout as exc:
            raise EngineError(
                f"OPA at {self.url} did not answer within {self.timeout:g} s ({what})",
                code="engine.timeout",
                url=self.url,
                seconds=f"{self.timeout:g}",
            ) from exc
        except requests.ConnectionError as exc:
            raise EngineError(
                f"cannot reach OPA at {self.url} ({what}): {_root(exc)}",
                code="engine.unreachable",
                url=self.url,
            ) from exc
        except requests.exceptions.ChunkedEncodingError as exc:  # the body stopped short
            raise EngineError(
                f"OPA at {self.url} broke off its answer ({what}): {_root(exc)}",
                code="engine.broken_answer",
                url=self.url,
            ) from exc
        except requests.HTTPError as exc:
            raise EngineError(
                f"OPA at {self.url} answered {_http_detail(exc)} ({what})",
                code="engine.http",
                url=self.url,
            ) from exc
        except ValueError as exc:  # includes JSON decoding errors
            raise EngineError(
                f"OPA at {self.url} answered something that is not JSON ({what})",
                code="engine.wrong_shape",
            ) from exc
        except Exception as exc:  # the client's own exceptions, whatever they claim
            detail = getattr(exc, "message", None) or str(exc) or type(exc).__name__
            raise EngineError(f"OPA at {self.url} failed ({what}): {detail}") from exc


def preload() -> None:
    """Import opa-python-client in a background thread, while `opa version` runs
    and the managed OPA starts."""
    threading.Thread(target=_import_client, name="import-opa-client", daemon=True).start()


def _import_client() -> None:
    with contextlib.suppress(Exception):  # the import in OpaEngine reports any error
        _opa_client_class()


_importing = threading.Lock()


def _opa_client_class() -> Any:
    """opa-python-client's synchronous client (`opa_client.opa.OpaClient`), without
    its package's `__init__`.

    `import opa_client` runs that `__init__`, which also imports the asyncio client
    and with it aiohttp, which builds an SSL context as it is imported: 0.1-0.4 s of
    CPU in every check that reaches OPA (`python -X importtime`), against ~2 ms for
    the module patuh uses (it and what it imports: requests, urllib3). A preloading
    thread does not hide that: it holds the interpreter lock the reading needs. So
    the package is registered as it is found, unexecuted, and only its module `opa`
    is loaded (patuh imports opa_client nowhere else; `from opa_client import
    AsyncOpaClient` in this process would then fail loudly, not silently). Should the
    library move its client, the import fails as a missing dependency does."""
    with _importing:
        if "opa_client" not in sys.modules:
            spec = importlib.util.find_spec("opa_client")
            if spec is not None and spec.submodule_search_locations is not None:
                sys.modules["opa_client"] = importlib.util.module_from_spec(spec)
        return importlib.import_module("opa_client.opa").OpaClient


def _package_path(policy: dict[str, Any]) -> Any:
    ast = policy.get("ast")
    package = ast.get("package") if isinstance(ast, dict) else None
    return package.get("path") if isinstance(package, dict) else None


def _root(exc: BaseException) -> str:
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return str(exc) or type(exc).__name__


def _http_detail(exc: requests.HTTPError) -> str:
    response = exc.response
    if response is None:
        return str(exc)
    detail = f"HTTP {response.status_code}"
    try:
        body = response.json()
        if isinstance(body, dict) and body.get("message"):
            detail += f": {body.get('code', '')} {body['message']}".rstrip()
    except ValueError:
        pass
    return detail
