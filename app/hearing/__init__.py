"""Case-type templates and the hearing procedure, loaded from resources/. No Qt."""
