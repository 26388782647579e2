"""Voorveld in beeld: a social map of provision for young people from school to work.

The pipeline, one module per step:

    catalogue.load_catalogue   read entries/, articles and vocabularies; check them (checks.py)
    search.build_index         index the catalogue with Whoosh (the only module importing whoosh)
    app.create_app             render it with Flask
    builder.build_site         freeze the app with Frozen-Flask, export data, swap site/ in
    incremental                what the previous build checked and made, reused where unchanged
"""

__version__ = "0.1.0"
