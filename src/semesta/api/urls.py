"""Semesta's REST API, version 1: OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

from ninja import NinjaAPI

from semesta.api.auth import AUTH
from semesta.api.contributions import router as contributions
from semesta.api.coverage import router as coverage
from semesta.api.docs import OfflineSwagger
from semesta.api.imports import router as imports
from semesta.api.lookup import router as lookup
from semesta.api.targets import router as targets

api = NinjaAPI(
    title="Semesta API", version="1", auth=AUTH, urls_namespace="api", docs=OfflineSwagger()
)
api.add_router("/imports", imports)
api.add_router("/regions", coverage)
api.add_router("/regions", targets)
api.add_router("/lookup", lookup)
api.add_router("/iuran", contributions)
