"""The dashboard's app layer: what only a running Streamlit app needs (cached data access)."""
