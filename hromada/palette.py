"""Colours that stay the same for a community or a theme on every page and in every export.

Colour-blind-safe palettes: Okabe & Ito for communities, Paul Tol's "bright" scheme for themes.
A community's colour depends on its place in the full, sorted list of communities (never on the
current selection), so filtering never repaints a community.
"""
from __future__ import annotations

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#000000"]
# Tol "muted", used after the first eight communities so hundreds of them still get stable colours.
TOL_MUTED = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499"]

THEME_COLOURS = {
    "economy": "#CCBB44",
    "skills": "#66CCEE",
    "infrastructure": "#4477AA",
    "public_services": "#228833",
    "governance": "#AA3377",
    "cybersecurity": "#EE6677",
    "edemocracy": "#BBBBBB",
}

OWNERSHIP_COLOURS = {"own": "#0072B2", "external": "#E69F00", "unspecified": "#999999"}

SOURCE_CLASS_COLOURS = {
    "community_budget": "#0072B2",
    "municipal_enterprise": "#56B4E9",
    "state_budget": "#D55E00",
    "oblast_budget": "#E69F00",
    "district_budget": "#F0E442",
    "other": "#CC79A7",
    "unspecified": "#999999",
}

STATUS_COLOURS = {"agrees": "#009E73", "differs": "#D55E00", "blank": "#999999"}


def community_colours(all_community_ids) -> dict[str, str]:
    """Colour per community id, from the complete list of communities."""
    colours = OKABE_ITO + TOL_MUTED
    ordered = sorted(set(all_community_ids))
    return {community: colours[index % len(colours)] for index, community in enumerate(ordered)}


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a #RRGGBB colour."""
    channels = [int(colour.lstrip("#")[index:index + 2], 16) / 255 for index in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour_on(background: str) -> str:
    """Near-black or white, whichever reads better on ``background`` (WCAG contrast)."""
    return max(("#111111", "#FFFFFF"), key=lambda text: contrast_ratio(text, background))
