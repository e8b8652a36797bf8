"""ratsinfo: German council documents as a linked, searchable, OParl-shaped record.

The pipeline, one package per stage:
read → split → classify → extract → link → store → serve.
"""

__version__ = "0.1.0"
