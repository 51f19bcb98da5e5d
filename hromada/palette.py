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
