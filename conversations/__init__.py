"""Multi-step flows, one module each, their steps declared beside them."""
