"""hromada-benchmark: entry point. Run with `streamlit run app.py`."""
import streamlit as st

from hromada.db import ensure_database

st.set_page_config(page_title="Програми інформатизації громад", page_icon="📊", layout="wide")

with st.spinner("Готуємо базу даних з документів програм…"):
    status = ensure_database()
if not status.ok:
    st.error(f"Базу даних не вдалося побудувати: {status.detail}")
    st.stop()

st.title("Програми інформатизації громад")
st.write("Порівняння програм інформатизації п’яти територіальних громад.")
