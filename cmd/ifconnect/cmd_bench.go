package main

// runBench is replaced by the real command when its issue lands.
var runBench = pending("bench", "Load benchmarks.")
