"""The floor for scripts/benchmark.py: the least a Streamlit page with one Plotly chart can cost.

One bar chart and one checkbox (its change reruns the script and redraws the chart), nothing
else but the checkbox's value in the URL: no warehouse, no sidebar, no page config. The dashboard's times are read against this
page's, loaded on the same machine at the same moment.

    .venv/bin/python -m streamlit run scripts/floor_app.py
"""
import plotly.graph_objects as go
import streamlit as st

flip = st.checkbox("Reverse")
values = [3, 5, 2, 4, 1]
figure = go.Figure(go.Bar(x=list("ABCDE"), y=values[::-1] if flip else values))
st.plotly_chart(figure)
# Like the dashboard, the floor writes its state into the URL after a run: the benchmark reads the
# changed URL as proof that the rerun happened, even when it was too short to show "running".
st.query_params["flip"] = str(int(flip))
