"""Files for people: one module per format, and never Streamlit.

``figures`` rounds and formats numbers as the pages show them, ``formulas`` keeps formula-like text
from running, ``about`` says where a file's figures come from, ``csv`` and ``xlsx`` write the files.
"""
