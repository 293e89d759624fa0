"""The form of each kind (issue 23): generated from the document contract (schema.py),
a document and its form as two views of one thing (document.py), and a form laid out
for a page with the findings beside their fields (layout.py). No requests here: the
pages are engine/desk/submissions/editing.py."""
