"""Manim scenes of the weight-sharing lecture and the mobjects they are built from."""
