"""``/vendor/<package>/<path>``: the component libraries' published files, served from node_modules.

Only the folders a browser needs (each package's dist) are reachable, never node_modules as a whole.
A missing node_modules is answered with what to run, not a bare 404.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from fastapi import APIRouter, HTTPException
from starlette.responses import FileResponse

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"

# package → the folder inside it that a page may load from
SERVED = {
    "vue": "dist",
    "vue2": "dist",
    "element-plus": "dist",
    "element-ui": "lib",
    "ant-design-vue": "dist",
    "dayjs": "",
    "layui": "dist",
}


def vendor_router() -> APIRouter:
    router = APIRouter()

    @router.get("/vendor/{package}/{path:path}", include_in_schema=False)
    def vendor(package: str, path: str) -> FileResponse:
        if package not in SERVED:
            raise HTTPException(404, f"未提供的前端库：{package}")
        root = (NODE_MODULES / package / SERVED[package]).resolve()
        if not root.is_dir():
            raise HTTPException(503, f"缺少前端库 {package}：请先运行 make frontend（npm ci）")
        file = (root / path).resolve()
        if not file.is_relative_to(root) or not file.is_file() or file.suffix == ".json":
            raise HTTPException(404, f"{package} 中没有 {path}")
        media = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return FileResponse(file, media_type=media, headers={"Cache-Control": "max-age=3600"})

    return router
