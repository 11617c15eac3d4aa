"""Building and publishing the lecture: the build, the published files, the benchmark."""
