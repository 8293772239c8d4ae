"""Lambda entry point of the API's own documentation (public): GET /v1/openapi.json, and Swagger UI at
/docs with its assets, which Powertools ships in the functions' package (no CDN, nothing from elsewhere).

Every link is relative, so the page works under an AWS stage (<base>/docs) as locally (/docs): the
document is <base>/v1/openapi.json, the assets <base>/docs/<asset>.
"""

from pathlib import Path

import aws_lambda_powertools
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from functions.core.http import Api
from functions.core.observability import logger, metrics, tracer
from functions.docs import openapi

router = Router()
ASSETS = Path(aws_lambda_powertools.__file__).parent / "event_handler/openapi/swagger_ui"
TYPES = {
    "swagger-ui-bundle.min.js": "application/javascript",
    "swagger-ui.min.css": "text/css",
    "start.js": "application/javascript",
}
# The script that starts the UI is an asset too: the page runs no inline script.
START = (
    'SwaggerUIBundle({url: new URL("../v1/openapi.json", document.baseURI).href, dom_id: "#ui", '
    "persistAuthorization: true, tryItOutEnabled: true})"
)
PAGE = (
    "<!doctype html><html lang=en><meta charset=utf-8><title>Lettercast API</title>"
    "<meta name=viewport content='width=device-width, initial-scale=1'>"
    "<base href='docs/'><link rel=stylesheet href=swagger-ui.min.css><div id=ui></div>"
    "<script src=swagger-ui-bundle.min.js></script><script src=start.js></script></html>"
)
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "connect-src 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "public, max-age=300",
}


@router.get("/v1/openapi.json", include_in_schema=False)
def openapi_json():
    return Response(status_code=200, content_type="application/json", body=openapi.document())


@router.get("/docs", include_in_schema=False)
def swagger_ui():
    return Response(status_code=200, content_type="text/html; charset=utf-8", body=PAGE, headers=HEADERS)


@router.get("/docs/<asset>", include_in_schema=False)
def swagger_asset(asset: str):
    if asset not in TYPES:
        return Response(status_code=404, content_type="text/plain", body="not found")
    body = START if asset == "start.js" else (ASSETS / asset).read_text()
    return Response(status_code=200, content_type=TYPES[asset], body=body, headers=HEADERS)


app = Api(routers=[router], scope=None)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event, context):
    return app.handle(event, context)
