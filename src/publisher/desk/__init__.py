"""desk: the local review server over one report (`publisher desk SOURCE`).

session.py holds the report as the desk shows it and every write it makes (through the
translation file's merge, under its lock); preview.py renders the pages in another process;
app.py is the web application (Starlette), imported only when the desk starts.
"""
