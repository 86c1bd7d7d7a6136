from __future__ import annotations

import pytest
from hypothesis import settings

from support import fixture_names

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile("long", max_examples=5_000, deadline=None)
settings.load_profile("default")


@pytest.fixture(params=fixture_names())
def fixture_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)
