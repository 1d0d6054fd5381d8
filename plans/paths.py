"""The URL prefix of every page of a plan."""

P = "plannen/<id:plan>/"
