"""`python -m duizhao.search`: build the CC-CEDICT query-translation index into the package data (setup)."""

from ..lang.cedict import install

print(f"CC-CEDICT query-translation index: {install()}")
