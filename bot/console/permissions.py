"""Who may do what: one table, read by every route (bot.console.app).

Coordinators run the service; analysts (researchers, funders' liaisons) see
the suppressed insights and nothing about any ambassador or request.
"""
ROLES = ("coordinator", "analyst")

PERMISSIONS: dict[str, frozenset[str]] = {
    "see_insights": frozenset({"coordinator", "analyst"}),
    "see_ambassadors": frozenset({"coordinator"}),
    "manage_ambassadors": frozenset({"coordinator"}),
    "lift_cap": frozenset({"coordinator"}),
    "see_queue": frozenset({"coordinator"}),
    "see_audit": frozenset({"coordinator"}),
}


def allowed(role: str, permission: str) -> bool:
    """Unknown permissions are refused: a route that names one by mistake stays closed."""
    return role in PERMISSIONS.get(permission, frozenset())
