"""The lecture's visual language: mobjects drawn from traces, the palette, the sweep, words."""
