"""Facts about the kit itself: its version and the education-only note every surface shows."""

from __future__ import annotations

__all__ = ["EDUCATION_NOTE", "__version__"]

__version__ = "0.1.0"

EDUCATION_NOTE = (
    "For education only: breastcancer_kit teaches staging and biology; "
    "it must never be used to make decisions about a patient's care."
)
