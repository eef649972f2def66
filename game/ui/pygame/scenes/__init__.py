"""One module per screen; each has handle_event and draw, and returns the next scene."""
