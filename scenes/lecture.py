"""The lecture in order: (module in scenes/, scene class, chapter title).

The lecture build (``make video``), the benchmark and the tests all read this list.
"""
LECTURE = [
    ("sliding_filter", "SlidingFilter", "One filter, the same nine colours everywhere"),
    ("channels", "ManyChannels", "Many channels: a 3-D filter, no sharing across channels"),
    ("depth_slices", "DepthSlices", "One depth slice, one filter"),
    ("cs231n", "CS231nDemo", "The CS231n demo, rebuilt"),
    ("edges_1d", "ColouredEdges1D", "Coloured edges: shared, local, fully connected"),
    ("unrolled", "UnrolledMatrix", "The unrolled weight matrix"),
    ("gradient", "SharedGradient", "The gradient of a shared weight"),
    ("param_counts", "ParameterCounts", "What sharing buys: parameter counts"),
]
