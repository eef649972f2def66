"""The pygame game: app.py owns pygame.init, the display and the clock; scenes/ hold the screens."""
