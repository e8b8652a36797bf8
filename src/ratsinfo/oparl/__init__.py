"""OParl 1.1: the store served as a conformant API, and an importer for any OParl endpoint."""
