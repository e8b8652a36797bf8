"""Link stage: decide which documents are the same (renditions) and which is richest."""
