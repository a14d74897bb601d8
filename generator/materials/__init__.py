"""What one output says: pure data and arithmetic (pages, languages, options, themes, plans), no engines."""
