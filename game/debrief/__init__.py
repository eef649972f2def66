"""The debrief: the three lenses, the debrief model built from the game, and its exporters."""
